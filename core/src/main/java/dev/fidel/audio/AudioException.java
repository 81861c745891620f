package dev.fidel.audio;

/**
 * One audio file cannot be used: it is unreadable, truncated or longer than the caller allows. The
 * message says why, in words; {@link #kind()} says which, so a caller can sort its rejections.
 */
public class AudioException extends Exception {

    /** What is wrong with the file. */
    public enum Kind {
        /** Missing, empty, not audio, or FFmpeg cannot decode it. */
        UNREADABLE,
        /** It ends before its header says it should. */
        TRUNCATED,
        /** It holds more audio than the caller's limit; decoding stopped there and the rest was not read. */
        TOO_LONG
    }

    private final Kind kind;

    public AudioException(String message, boolean truncated) {
        this(message, truncated ? Kind.TRUNCATED : Kind.UNREADABLE);
    }

    public AudioException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The file ends before its header says it should. */
    public boolean truncated() {
        return kind == Kind.TRUNCATED;
    }

    /** The file is longer than the limit it was decoded with. */
    public boolean tooLong() {
        return kind == Kind.TOO_LONG;
    }
}
