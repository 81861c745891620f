package dev.fidel.training;

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
public record Optimizer(float learningRate, float weightDecay, float clipNorm, float emaDecay) {

    AdamW.Settings adamW() {
        return new AdamW.Settings(0.9f, 0.96f, 1e-8f, weightDecay);
    }

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
