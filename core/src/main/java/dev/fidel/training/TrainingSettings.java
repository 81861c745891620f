package dev.fidel.training;

import dev.fidel.config.Optimizer;
import dev.fidel.config.TrainingConfig;
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

    /** Non-finite steps in a row after which training stops. */
    static final int MAX_SKIPPED_STEPS_IN_A_ROW = 20;

    /** What {@link TtsTrainer} is configured with for a run of {@code config}, the milestones in optimizer steps. */
    static TrainingSettings of(TrainingConfig config, List<Integer> milestoneSteps) {
        Optimizer o = config.optimizer();
        return new TrainingSettings(o.learningRate(), config.schedule().warmupSteps(), milestoneSteps, config.schedule().gamma(),
                o.clipNorm(), config.lossWeights().text(), config.lossWeights().code(), MAX_SKIPPED_STEPS_IN_A_ROW,
                config.run().seed(), new AdamW.Settings(Optimizer.BETA1, Optimizer.BETA2, Optimizer.EPSILON, o.weightDecay()),
                o.emaDecay());
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, milestoneSteps, gamma);
    }
}
