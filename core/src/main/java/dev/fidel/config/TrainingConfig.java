package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;

/**
 * How a run trains, typed: what the finetune request carries, what every class of the run reads, and what every
 * checkpoint records ({@code checkpoint.json}: {@code training.config}, written and read back as this record). The
 * parts are also what a rerun compares ({@code schedule.milestones}, {@code adaptation.rank}, ...).
 *
 * @param preset the model size when training from scratch (a base checkpoint brings its own)
 * @param optimizer AdamW, clipping and the weight average
 * @param schedule warm-up and milestones
 * @param adaptation what is trained
 * @param lossWeights the weights of the text and code losses
 * @param run steps, batching, accumulation and seed
 * @param device where it computes
 */
public record TrainingConfig(@JsonProperty("preset") ModelPreset preset, @JsonProperty("optimizer") Optimizer optimizer,
        @JsonProperty("schedule") Schedule schedule, @JsonProperty("adaptation") Adaptation adaptation,
        @JsonProperty("lossWeights") LossWeights lossWeights, @JsonProperty("run") Run run, @JsonProperty("device") ComputeDevice device) {

    /**
     * Refuses a value no run can use, naming its POM element and the allowed values; {@code hasBase}: a base checkpoint is
     * set (LoRA needs one).
     */
    public void check(boolean hasBase) throws FidelException {
        optimizer.check();
        Adaptation.check(adaptation, hasBase);
        schedule.check();
        if (run.gradAccumSteps() < 1) {
            throw new FidelException("<gradAccumSteps> " + run.gradAccumSteps() + " must be at least 1 (batches per optimizer step)",
                    "gradAccumSteps", null);
        }
    }
}
