package dev.fidel.audio;

/** One audio file cannot be used: it is unreadable or truncated. The message says why, in words. */
public class AudioException extends Exception {

    private final boolean truncated;

    public AudioException(String message, boolean truncated) {
        super(message);
        this.truncated = truncated;
    }

    /** The file ends before its header says it should. */
    public boolean truncated() {
        return truncated;
    }
}
