package dev.fidel;

/**
 * A problem with the setup: a setting, a file, I/O, the engine. The build cannot go on, and the
 * message says what to change. A verdict on the user's data or model is a {@link VerdictException}.
 */
public class FidelException extends Exception {

    private final String setting;

    public FidelException(String message) {
        this(message, null, null);
    }

    public FidelException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param setting the configuration element to change (e.g. {@code corpusDirectory}), or null
     */
    public FidelException(String message, String setting, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** The configuration element the message is about, or null when it is not about one. */
    public String setting() {
        return setting;
    }
}
