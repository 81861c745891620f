package dev.fidel.data;

/** Why an input did not become an utterance. The code is what {@code rejected.jsonl} says. */
public enum RejectReason {
    EMPTY_FILE("empty-file"),
    UNREADABLE("unreadable"),
    TRUNCATED("truncated"),
    MISSING_AUDIO("missing-audio"),
    OUTSIDE_CORPUS("outside-corpus"),
    MISSING_TRANSCRIPT("missing-transcript"),
    BAD_TRANSCRIPT_FILE("bad-transcript-file"),
    TOO_SHORT("too-short"),
    TOO_LONG("too-long"),
    CLIPPING("clipping"),
    NEAR_SILENCE("near-silence"),
    EMPTY_TRANSCRIPT("empty-transcript"),
    NOT_ETHIOPIC("not-ethiopic"),
    CHARS_PER_SECOND("chars-per-second"),
    DUPLICATE_ID("duplicate-id"),
    DUPLICATE_AUDIO("duplicate-audio");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
