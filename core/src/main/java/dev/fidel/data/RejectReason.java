package dev.fidel.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

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

    /** What {@code rejected.jsonl}, {@code manifest.json} and the log say: {@code too-long}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The reason whose {@link #code()} is {@code code}. */
    @JsonCreator
    public static RejectReason ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no reject reason '" + code + "'; the reasons are "
                        + Arrays.stream(values()).map(RejectReason::code).toList()));
    }

    /** The code, so a reason reads in messages as it does in {@code rejected.jsonl}. */
    @Override
    public String toString() {
        return code;
    }
}
