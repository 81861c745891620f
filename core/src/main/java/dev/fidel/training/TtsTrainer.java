package dev.fidel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsLoss;
import dev.fidel.util.TorchEngine;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One optimizer step at a time: forward and backward over one or more micro-batches (gradient
 * accumulation), a non-finite check on the accumulated gradient (the step is skipped and counted; too
 * many in a row stop training), global-norm clipping, AdamW at the scheduled rate, then the optional
 * {@link WeightAverage}. Dropout is seeded from (seed, optimizer step) before every step, so a resumed
 * run draws the same masks as an uninterrupted one. Every temporary array of a step is freed when the
 * step ends.
 *
 * <p>Micro-batches are weighted by tokens: the text and code cross-entropies are token means, so micro-batch
 * i contributes {@code textWeight * text_i * T_i / T + codeWeight * code_i * C_i / C} (T, C: text and code
 * targets of all micro-batches), and the accumulated gradient is the gradient of the loss over their union,
 * exactly what one step over one batch of all their examples would take (up to float rounding).
 */
public final class TtsTrainer {

    /** What one step did. {@code skipped} steps did not change the weights. */
    public record StepResult(int step, float loss, float textLoss, float codeLoss, double gradientNorm,
            float learningRate, boolean skipped, boolean clipped, long codeTokens, double millis) {
    }

    private final SpeechGpt model;
    private final TrainingSettings settings;
    private final ParameterStore parameters;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final WeightAverage average;
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
        this.average = settings.emaDecay() > 0 ? new WeightAverage(trained, settings.emaDecay()) : null;
    }

    /** Seeds the engine (dropout) before the model is built; initialization is seeded separately. */
    public static void seedEngine(long seed) {
        TorchEngine.engine().setRandomSeed((int) seed);
    }

    /** The engine seed of optimizer step {@code step} (0-based) of a run seeded with {@code seed}. */
    static long stepSeed(long seed, int step) {
        // SplitMix64's finalizer: neighbouring steps get unrelated seeds.
        long z = seed * 0x9E3779B97F4A7C15L + (step + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0x7FFFFFFFL;
    }

    public int optimizerSteps() {
        return optimizer.step();
    }

    /** The optimizer, for saving and restoring its state. */
    public AdamW optimizer() {
        return optimizer;
    }

    /** The average of the weights, or null when {@code emaDecay} is 0. */
    public WeightAverage average() {
        return average;
    }

    /**
     * What resuming needs besides the model weights: AdamW's moments and, with a weight average (whose
     * values are then the checkpoint's model weights), the trained weights ({@code trained/<name>}).
     */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new TreeMap<>(optimizer.state());
        if (average != null) {
            state.putAll(average.trained());
        }
        return state;
    }

    /**
     * Restores {@link #state()} saved at optimizer step {@code step}; the model must already hold the
     * checkpoint's weights.
     */
    public void restore(Map<String, float[]> state, int step, String source) throws FidelException {
        optimizer.restore(state, step, source);
        if (average != null) {
            average.restore(state, source);
        }
    }

    /** Puts the averaged weights into the model (no-op without an average) until {@link #useTrainedWeights()}. */
    public void useAveragedWeights() {
        if (average != null) {
            average.swapIn();
        }
    }

    /** Puts the trained weights back after {@link #useAveragedWeights()}. */
    public void useTrainedWeights() {
        if (average != null) {
            average.swapOut();
        }
    }

    public int skippedSteps() {
        return skippedTotal;
    }

    public StepResult step(TtsBatch batch) throws VerdictException {
        return step(List.of(batch));
    }

    /** One optimizer step over the union of {@code microBatches} (gradient accumulation when there are several). */
    public StepResult step(List<TtsBatch> microBatches) throws VerdictException {
        long start = System.nanoTime();
        int step = optimizer.step();
        float rate = schedule.at(step);
        seedEngine(stepSeed(settings.seed(), step));
        long[] batchTextTargets = new long[microBatches.size()];
        long textTargets = 0;
        long codeTargets = 0;
        for (int i = 0; i < microBatches.size(); i++) {
            batchTextTargets[i] = textTargets(microBatches.get(i));
            textTargets += batchTextTargets[i];
            codeTargets += microBatches.get(i).codeTokens();
        }
        try (NDScope scope = new NDScope()) {
            float loss = 0;
            float textLoss = 0;
            float codeLoss = 0;
            boolean finite = true;
            try (GradientCollector collector = TorchEngine.engine().newGradientCollector()) {
                for (int i = 0; i < microBatches.size(); i++) {
                    TtsBatch batch = microBatches.get(i);
                    try (NDScope micro = new NDScope()) {
                        float textShare = (float) batchTextTargets[i] / textTargets;
                        float codeShare = (float) batch.codeTokens() / codeTargets;
                        TtsLoss l = model.loss(parameters, batch, true, settings.textLossWeight() * textShare,
                                settings.codeLossWeight() * codeShare);
                        float[] read = readBack(l);   // one host sync for the three values
                        float part = read[0];
                        loss += part;
                        textLoss += read[1] * textShare;
                        codeLoss += read[2] * codeShare;
                        if (!Float.isFinite(part)) {
                            finite = false;
                            break;
                        }
                        collector.backward(l.total());
                    }
                }
            }
            double norm = finite ? optimizer.gradientNorm() : Double.NaN;
            boolean skipped = !Double.isFinite(norm);
            boolean clipped = false;
            if (skipped) {
                optimizer.zeroGradients();   // the update zeroes them otherwise
                skippedTotal++;
                if (++skippedInARow > settings.maxSkippedStepsInARow()) {
                    throw new VerdictException("training diverged: " + skippedInARow
                            + " optimizer steps in a row had a non-finite loss or gradient (last loss " + loss
                            + ", gradient norm " + norm + ", learning rate " + rate + " at step " + step
                            + "); lower learningRate or raise warmupSteps", "learningRate");
                }
            } else {
                skippedInARow = 0;
                clipped = settings.clipNorm() > 0 && norm > settings.clipNorm();
                float scale = clipped ? (float) (settings.clipNorm() / norm) : 1f;
                optimizer.update(rate, scale);
                if (average != null) {
                    average.update(optimizer.step());
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            return new StepResult(step, loss, textLoss, codeLoss, norm, rate, skipped, clipped, codeTargets, millis);
        }
    }

    /** The total, text and code losses in one transfer (three reads would wait for the device three times). */
    private static float[] readBack(TtsLoss l) {
        return NDArrays.stack(new NDList(l.total().stopGradient(), l.text().stopGradient(), l.code().stopGradient()))
                .toFloatArray();
    }

    /** Text positions the loss counts: each row's text and its stop token. */
    private static long textTargets(TtsBatch batch) {
        int[] lengths = batch.textLengths().toIntArray();
        return java.util.Arrays.stream(lengths).asLongStream().sum() - lengths.length;
    }
}
