package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;

/**
 * AdamW as configured (betas 0.9 and 0.96, epsilon 1e-8, as XTTS v2's trainer), with global-norm clipping and an
 * optional weight average.
 *
 * @param learningRate peak learning rate (after warm-up)
 * @param weightDecay AdamW's decoupled weight decay, on weight matrices only
 * @param clipNorm the global gradient norm is scaled down to this when above it (0: no clipping)
 * @param emaDecay decay of the weight average that validation and checkpoints use (0: none)
 */
public record Optimizer(@JsonProperty("learningRate") float learningRate, @JsonProperty("weightDecay") float weightDecay,
        @JsonProperty("clipNorm") float clipNorm, @JsonProperty("emaDecay") float emaDecay) {

    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.96f;
    public static final float EPSILON = 1e-8f;

    void check() throws FidelException {
        if (!(clipNorm >= 0) || Float.isInfinite(clipNorm)) {
            throw new FidelException("<clipNorm> " + clipNorm + " must be a finite number, 0 or more (0: no clipping; "
                    + "-Dfidel.finetune.clipNorm)", "clipNorm", null);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new FidelException("<emaDecay> " + emaDecay + " must be 0 (no weight average) or below 1, e.g. 0.999", "emaDecay", null);
        }
        if (learningRate < 0 || !Float.isFinite(learningRate)) {
            throw new FidelException("<learningRate> " + learningRate + " must be finite and not negative", "learningRate", null);
        }
    }
}
