package dev.fidel.synthesis;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the next code is chosen from the model's logits.
 *
 * @param temperature logits are divided by it; 0 means greedy (always the most likely code)
 * @param topK only the k most likely codes may be drawn (0: no limit)
 * @param topP only the smallest set of most likely codes whose probability reaches p may be drawn (1: no limit)
 * @param repetitionPenalty logits of codes among the last {@code repetitionWindow} codes are divided by it
 *     when positive, multiplied when negative (1: none), as in CTRL / Hugging Face
 * @param repetitionWindow how many recent codes the penalty looks at
 * @param maxCodes codes at most per segment; generation also ends at the model's stop code
 */
public record SamplingSettings(
        @JsonProperty("temperature") float temperature,
        @JsonProperty("topK") int topK,
        @JsonProperty("topP") float topP,
        @JsonProperty("repetitionPenalty") float repetitionPenalty,
        @JsonProperty("repetitionWindow") int repetitionWindow,
        @JsonProperty("maxCodes") int maxCodes) {

    public SamplingSettings {
        if (temperature < 0 || topK < 0 || topP <= 0 || topP > 1 || repetitionPenalty <= 0 || repetitionWindow < 0
                || maxCodes < 1) {
            throw new IllegalArgumentException("sampling settings out of range (temperature >= 0, topK >= 0, "
                    + "0 < topP <= 1, repetitionPenalty > 0, repetitionWindow >= 0, maxCodes >= 1): " + this);
        }
    }

    /** Greedy decoding: what the round-trip gate uses, so a checkpoint's figure does not depend on luck. */
    public static SamplingSettings greedy(int maxCodes) {
        return new SamplingSettings(0f, 0, 1f, 1f, 0, maxCodes);
    }

    /** Mild sampling, as XTTS/IndexTTS ship it (temperature 0.8, top-k 30, top-p 0.85, penalty 1.1). */
    public static SamplingSettings defaults(int maxCodes) {
        return new SamplingSettings(0.8f, 30, 0.85f, 1.1f, 32, maxCodes);
    }
}
