package dev.fidel.training;

import dev.fidel.VerdictException;
import dev.fidel.config.TrainingConfig;
import java.nio.file.Path;

/** The improvement verdict: the validation code loss must fall by {@code minImprovement}, or the run failed. */
final class ImprovementCheck {

    private final float minImprovement;
    private final TrainingConfig config;

    ImprovementCheck(float minImprovement, TrainingConfig config) {
        this.minImprovement = minImprovement;
        this.config = config;
    }

    /** Refuses a run whose validation code loss went from {@code startCe} to {@code endCe}, keeping {@code checkpoint}. */
    void judge(double startCe, double endCe, Path checkpoint) throws VerdictException {
        double improvement = (startCe - endCe) / startCe;
        if (!(improvement >= minImprovement)) {
            throw new VerdictException(String.format("the model did not learn: validation code cross-entropy went from %.4f to "
                    + "%.4f (%.1f%% better), less than <minImprovement> %.0f%%. Check <learningRate> (%s), <mode> (%s) and the "
                    + "data, or lower <minImprovement>; the checkpoint is %s", startCe, endCe, 100 * improvement,
                    100 * minImprovement, config.optimizer().learningRate(), config.adaptation().kind().key(), checkpoint),
                    "minImprovement");
        }
    }
}
