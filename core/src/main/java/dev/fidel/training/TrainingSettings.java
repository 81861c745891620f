package dev.fidel.training;

import java.util.List;

/**
 * Everything a training run is configured with.
 *
 * @param learningRate peak learning rate (after warm-up)
 * @param warmupSteps optimizer steps of linear warm-up
 * @param milestoneSteps optimizer steps at which the rate is multiplied by gamma
 * @param gamma the factor at each milestone
 * @param clipNorm global gradient norm clip (0: none)
 * @param textLossWeight weight of the text cross-entropy
 * @param codeLossWeight weight of the code cross-entropy
 * @param maxSkippedStepsInARow non-finite steps in a row after which training stops
 * @param seed seed for initialization, dropout, batching
 * @param adamW AdamW betas, epsilon and weight decay
 * @param emaDecay decay of the average of the weights kept for validation and checkpoints (0: none;
 *     see {@link WeightAverage})
 */
public record TrainingSettings(float learningRate, int warmupSteps, List<Integer> milestoneSteps, float gamma, float clipNorm,
        float textLossWeight, float codeLossWeight, int maxSkippedStepsInARow, long seed, AdamW.Settings adamW, float emaDecay) {

    public TrainingSettings {
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("emaDecay " + emaDecay + " must be in [0, 1)");
        }
    }

    /** Settings without a weight average. */
    public TrainingSettings(float learningRate, int warmupSteps, List<Integer> milestoneSteps, float gamma, float clipNorm,
            float textLossWeight, float codeLossWeight, int maxSkippedStepsInARow, long seed, AdamW.Settings adamW) {
        this(learningRate, warmupSteps, milestoneSteps, gamma, clipNorm, textLossWeight, codeLossWeight, maxSkippedStepsInARow, seed,
                adamW, 0f);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, milestoneSteps, gamma);
    }
}
