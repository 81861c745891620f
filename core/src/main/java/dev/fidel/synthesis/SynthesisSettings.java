package dev.fidel.synthesis;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a text becomes audio.
 *
 * @param sampling how codes are chosen
 * @param maxTextTokensPerSegment longest segment, in text tokens, generated at once
 * @param pauseMillis silence between segments
 * @param fadeMillis fade-out and fade-in at each segment boundary, so no click joins them
 * @param maxCodesPerCharacter a segment gets at most this many codes per character of its text (0: only
 *     {@code sampling.maxCodes}), so a model that never says stop cannot run for minutes
 */
public record SynthesisSettings(
        @JsonProperty("sampling") SamplingSettings sampling,
        @JsonProperty("maxTextTokensPerSegment") int maxTextTokensPerSegment,
        @JsonProperty("pauseMillis") int pauseMillis,
        @JsonProperty("fadeMillis") int fadeMillis,
        @JsonProperty("maxCodesPerCharacter") int maxCodesPerCharacter) {

    public SynthesisSettings {
        if (maxTextTokensPerSegment < 1 || pauseMillis < 0 || fadeMillis < 0 || maxCodesPerCharacter < 0) {
            throw new IllegalArgumentException("synthesis settings out of range: " + this);
        }
    }

    public static SynthesisSettings defaults(SamplingSettings sampling) {
        return new SynthesisSettings(sampling, 120, 150, 10, 0);
    }

    /** As {@link #defaults}, with a cap on codes per character of text (the sample corpus speaks ~3.7). */
    public SynthesisSettings withMaxCodesPerCharacter(int codes) {
        return new SynthesisSettings(sampling, maxTextTokensPerSegment, pauseMillis, fadeMillis, codes);
    }
}
