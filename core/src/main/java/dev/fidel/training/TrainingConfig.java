package dev.fidel.training;

import dev.fidel.FidelException;

/**
 * How a run trains, typed and checked: parsed once from the request ({@link #of}), used everywhere after, and recorded
 * by part in every checkpoint ({@link FinetuneSettings}: {@code schedule.milestones}, {@code adaptation.loraRank}, ...).
 *
 * @param preset the model size when training from scratch (a base checkpoint brings its own)
 * @param optimizer AdamW, clipping and the weight average
 * @param schedule warm-up and milestones
 * @param adaptation what is trained
 * @param lossWeights the weights of the text and code losses
 * @param run steps, batching, accumulation and seed
 * @param device where it computes
 */
public record TrainingConfig(ModelPreset preset, Optimizer optimizer, Schedule schedule, Adaptation adaptation, LossWeights lossWeights,
        Run run, ComputeDevice device) {

    /** Non-finite steps in a row after which training stops. */
    static final int MAX_SKIPPED_STEPS_IN_A_ROW = 20;

    /** The request's settings, typed; each refused naming its POM element. */
    public static TrainingConfig of(FinetuneRequest r) throws FidelException {
        Optimizer optimizer = new Optimizer(r.learningRate(), r.weightDecay(), r.clipNorm(), r.emaDecay());
        optimizer.check();
        Adaptation adaptation = Adaptation.of(r.mode(), r.freezeLayers(), r.freezeConditioning(), r.loraRank(), r.loraAlpha(),
                r.baseCheckpoint() != null);
        Schedule schedule = new Schedule(r.warmupSteps(), r.milestones(), Schedule.Unit.parse(r.milestoneUnit()), r.gamma());
        schedule.check();
        if (r.gradAccumSteps() < 1) {
            throw new FidelException("<gradAccumSteps> " + r.gradAccumSteps() + " must be at least 1 (batches per optimizer step)",
                    "gradAccumSteps", null);
        }
        if (r.maxSteps() < 1 || r.checkpointEvery() < 1 || r.keep() < 1 || r.batchFrames() < 1) {
            throw new FidelException("<maxSteps>, <checkpointEvery>, <keep> and <batchFrames> must be positive (are " + r.maxSteps()
                    + ", " + r.checkpointEvery() + ", " + r.keep() + ", " + r.batchFrames() + ")", "maxSteps", null);
        }
        return new TrainingConfig(ModelPreset.parse(r.preset()), optimizer, schedule, adaptation, new LossWeights(r.textLossWeight(), r.codeLossWeight()),
                new Run(r.maxSteps(), r.batchFrames(), r.gradAccumSteps(), r.seed()), ComputeDevice.parse(r.device()));
    }

    /** What {@link TtsTrainer} is configured with, the milestones in optimizer steps. */
    TrainingSettings trainerSettings(java.util.List<Integer> milestoneSteps) {
        return new TrainingSettings(optimizer.learningRate(), schedule.warmupSteps(), milestoneSteps, schedule.gamma(),
                optimizer.clipNorm(), lossWeights.text(), lossWeights.code(), MAX_SKIPPED_STEPS_IN_A_ROW, run.seed(), optimizer.adamW(),
                optimizer.emaDecay());
    }
}
