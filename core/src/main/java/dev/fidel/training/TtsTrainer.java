package dev.fidel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fidel.VerdictException;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsLoss;

/**
 * One optimizer step at a time: forward, the model's loss, backward, a non-finite check (the step is
 * skipped and counted; too many in a row stop training), global-norm clipping, AdamW at the scheduled
 * rate. Every temporary array of a step is freed when the step ends.
 */
public final class TtsTrainer {

    /** What one step did. {@code skipped} steps did not change the weights. */
    public record StepResult(int step, float loss, float textLoss, float codeLoss, double gradientNorm,
            float learningRate, boolean skipped, long codeTokens, double millis) {
    }

    private final SpeechGpt model;
    private final TrainingSettings settings;
    private final ParameterStore parameters;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private int skippedInARow;
    private int skippedTotal;

    public TtsTrainer(SpeechGpt model, ParameterStore parameters, TrainingSettings settings) {
        this(model, parameters, settings, ParameterGroups.of(model));
    }

    /** A trainer that updates only {@code trained} (the others stay frozen). */
    public TtsTrainer(SpeechGpt model, ParameterStore parameters, TrainingSettings settings, ParameterGroups trained) {
        this.model = model;
        this.settings = settings;
        this.parameters = parameters;
        this.optimizer = new AdamW(trained, settings.adamW());
        this.schedule = settings.schedule();
    }

    /** Seeds the engine (dropout) before the model is built; initialization is seeded separately. */
    public static void seedEngine(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
    }

    public int optimizerSteps() {
        return optimizer.step();
    }

    /** The optimizer, for saving and restoring its state. */
    public AdamW optimizer() {
        return optimizer;
    }

    public int skippedSteps() {
        return skippedTotal;
    }

    public StepResult step(TtsBatch batch) throws VerdictException {
        long start = System.nanoTime();
        int step = optimizer.step();
        float rate = schedule.at(step);
        try (NDScope scope = new NDScope()) {
            float loss;
            float textLoss;
            float codeLoss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TtsLoss l = model.loss(parameters, batch, true, settings.textLossWeight(), settings.codeLossWeight());
                loss = l.total().getFloat();
                textLoss = l.text().getFloat();
                codeLoss = l.code().getFloat();
                if (Float.isFinite(loss)) {
                    collector.backward(l.total());
                }
            }
            double norm = Float.isFinite(loss) ? optimizer.gradientNorm() : Double.NaN;
            boolean skipped = !Double.isFinite(norm);
            if (skipped) {
                skippedTotal++;
                if (++skippedInARow > settings.maxSkippedStepsInARow()) {
                    throw new VerdictException("training diverged: " + skippedInARow
                            + " optimizer steps in a row had a non-finite loss or gradient (last loss " + loss
                            + ", gradient norm " + norm + ", learning rate " + rate + " at step " + step
                            + "); lower learningRate or raise warmupSteps", "learningRate");
                }
            } else {
                skippedInARow = 0;
                float scale = settings.clipNorm() > 0 && norm > settings.clipNorm()
                        ? (float) (settings.clipNorm() / norm) : 1f;
                optimizer.update(rate, scale);
            }
            optimizer.zeroGradients();
            double millis = (System.nanoTime() - start) / 1e6;
            return new StepResult(step, loss, textLoss, codeLoss, norm, rate, skipped, batch.codeTokens(), millis);
        }
    }
}
