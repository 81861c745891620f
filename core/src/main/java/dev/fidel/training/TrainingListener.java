package dev.fidel.training;

import dev.fidel.FidelException;
import java.io.IOException;

/**
 * What a {@link TrainingLoop} tells the rest of finetune, as DJL's {@code TrainingListener} does: the loop runs the
 * steps and knows nothing of logs, files or checkpoints; each listener does one of those ({@link MetricsLog},
 * {@link ProgressReport}, {@link CheckpointWriter}, {@link LossChart}). Listeners are called in the order given.
 */
interface TrainingListener {

    /** An optimizer step that changed the weights. */
    default void onStep(TtsTrainer.StepResult step, int epoch) {
    }

    /** An optimizer step skipped for a non-finite loss or gradient (the weights are unchanged). */
    default void onSkipped(TtsTrainer.StepResult step) {
    }

    /** The steps since the last interval, summed up (every few steps and at the last). */
    default void onInterval(TrainingEvents.Interval interval) throws IOException {
    }

    /** The validation losses, before the first step of a new run and at every evaluation point. */
    default void onValidation(TrainingEvents.Validation validation) throws IOException {
    }

    /**
     * An evaluation point ({@code evaluateEvery} steps and the last) whose validation was finite: the model now holds
     * the weights to keep (the average, with one), as they are until this call returns.
     */
    default void onEvaluated(TrainingEvents.Position position, boolean last) throws IOException, FidelException {
    }

    /** The loop ended at its last step. */
    default void onEnd(TrainingEvents.Summary summary) throws IOException {
    }
}
