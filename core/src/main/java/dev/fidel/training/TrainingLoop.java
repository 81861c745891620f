package dev.fidel.training;

import ai.djl.ndarray.NDScope;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.config.LossWeights;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.model.TtsLoss;
import dev.fidel.tts.TrainingState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop, as nanoGPT's: batches in a seeded order per epoch, {@code gradAccumSteps} of them per optimizer
 * step ({@link TtsTrainer}), the validation loss before the first step and every {@code evaluateEvery} steps (on the
 * averaged weights, with a weight average), until {@code maxSteps}. It emits what happens to its
 * {@link TrainingListener}s and knows nothing of logs, metrics files, progress or checkpoints.
 */
final class TrainingLoop {

    /** A step or a validation went non-finite: training cannot go on. */
    static final class Diverged extends Exception {
        private final VerdictException reason;
        private final boolean atValidation;

        Diverged(VerdictException reason, boolean atValidation) {
            super(reason.getMessage(), reason);
            this.reason = reason;
            this.atValidation = atValidation;
        }

        VerdictException reason() {
            return reason;
        }

        /** True when the validation loss was non-finite, false when the trainer gave up on non-finite steps. */
        boolean atValidation() {
            return atValidation;
        }
    }

    private final TrainingSetup setup;
    private final List<TrainingListener> listeners;
    private final int maxSteps;
    private final int evaluateEvery;
    private final int gradAccumSteps;
    private final long seed;

    TrainingLoop(TrainingSetup setup, int evaluateEvery, List<TrainingListener> listeners) {
        this.setup = setup;
        this.listeners = List.copyOf(listeners);
        this.maxSteps = setup.config().run().maxSteps();
        this.evaluateEvery = evaluateEvery;
        this.gradAccumSteps = setup.config().run().gradAccumSteps();
        this.seed = setup.config().run().seed();
    }

    /** Steps from {@code start} (a resumed run's state; a new run's has step 0 and no start loss) to {@code maxSteps}. */
    TrainingEvents.Summary run(TrainingState start) throws Diverged, IOException, FidelException {
        TtsTrainer trainer = setup.trainer();
        int epoch = start.epoch();
        int batchIndex = start.batch();
        double startCe = Double.isNaN(start.startValidationCodeCe()) ? validate(0, epoch).codeCe() : start.startValidationCodeCe();
        StepWindow window = new StepWindow();
        long started = System.nanoTime();
        int logEvery = Math.max(1, Math.min(50, maxSteps / 20));
        List<List<TtsExample>> order = setup.buckets().epoch(seed, epoch);
        while (trainer.optimizerSteps() < maxSteps) {
            TtsTrainer.StepResult s;
            try (NDScope scope = new NDScope()) {
                // gradAccumSteps batches in epoch order (an epoch may end between them) make one optimizer step.
                List<TtsBatch> micro = new ArrayList<>();
                while (micro.size() < gradAccumSteps) {
                    if (batchIndex >= order.size()) {
                        epoch++;
                        batchIndex = 0;
                        order = setup.buckets().epoch(seed, epoch);
                    }
                    micro.add(setup.batch(order.get(batchIndex++)));
                }
                window.microBatches += micro.size();
                s = trainer.step(micro);
            } catch (VerdictException e) {
                throw new Diverged(e, false);
            }
            if (s.skipped()) {
                listeners.forEach(l -> l.onSkipped(s));
                continue;
            }
            for (TrainingListener l : listeners) {
                l.onStep(s, epoch);
            }
            window.add(s);
            int step = trainer.optimizerSteps();
            if (step % logEvery == 0 || step == maxSteps) {
                TrainingEvents.Interval interval = window.close(s, step, epoch, trainer.skippedSteps(), maxSteps);
                for (TrainingListener l : listeners) {
                    l.onInterval(interval);
                }
            }
            if (step % evaluateEvery == 0 && step < maxSteps) {
                trainer.useAveragedWeights();
                evaluate(new TrainingEvents.Position(step, epoch, batchIndex), false);
                trainer.useTrainedWeights();
            }
        }
        int finalStep = trainer.optimizerSteps();
        trainer.useAveragedWeights();
        double endCe = evaluate(new TrainingEvents.Position(finalStep, epoch, batchIndex), true);
        TrainingEvents.Summary summary = new TrainingEvents.Summary(finalStep, window.steps, (System.nanoTime() - started) / 1e9,
                window.millis > 0 ? window.tokens / (window.millis / 1000) : 0, startCe, endCe);
        for (TrainingListener l : listeners) {
            l.onEnd(summary);
        }
        return summary;
    }

    private double evaluate(TrainingEvents.Position at, boolean last) throws Diverged, IOException, FidelException {
        double code = validate(at.step(), at.epoch()).codeCe();
        for (TrainingListener l : listeners) {
            l.onEvaluated(at, last);
        }
        return code;
    }

    /** The validation losses over every validation batch (no dropout), emitted; refused when not finite. */
    private TrainingEvents.Validation validate(int step, int epoch) throws Diverged, IOException {
        double codeSum = 0;
        double textSum = 0;
        long codeTokens = 0;
        int batches = 0;
        LossWeights weights = setup.config().lossWeights();
        for (List<TtsExample> examples : setup.validationBuckets().batches()) {
            try (NDScope scope = new NDScope()) {
                TtsBatch batch = setup.batch(examples);
                TtsLoss loss = setup.model().loss(setup.parameters(), batch, false, weights.text(), weights.code());
                codeSum += loss.code().getFloat() * batch.codeTokens();
                textSum += loss.text().getFloat();
                codeTokens += batch.codeTokens();
                batches++;
            }
        }
        TrainingEvents.Validation v = new TrainingEvents.Validation(step, epoch, codeSum / codeTokens, textSum / batches);
        for (TrainingListener l : listeners) {
            l.onValidation(v);
        }
        if (!Double.isFinite(v.codeCe())) {
            throw new Diverged(new VerdictException("validation code loss is " + v.codeCe() + " at step " + step + ": training diverged;"
                    + " lower <learningRate> or raise <warmupSteps>", "learningRate"), true);
        }
        return v;
    }

    /** The sums of the steps since the last interval, and of the whole invocation. */
    private static final class StepWindow {
        long microBatches;
        long tokens;
        double millis;
        int steps;
        double codeSum;
        int codeCount;
        double normMax;
        int clipped;

        void add(TtsTrainer.StepResult s) {
            tokens += s.codeTokens();
            millis += s.millis();
            steps++;
            codeSum += s.codeLoss();
            codeCount++;
            normMax = Math.max(normMax, s.gradientNorm());
            clipped += s.clipped() ? 1 : 0;
        }

        /** The interval ending with {@code last}; the interval sums start again. */
        TrainingEvents.Interval close(TtsTrainer.StepResult last, int step, int epoch, int skipped, int maxSteps) {
            double secondsPerStep = millis / 1000 / steps;
            TrainingEvents.Interval interval = new TrainingEvents.Interval(step, epoch, microBatches, codeSum / codeCount, last.textLoss(),
                    last.learningRate(), tokens / (millis / 1000), secondsPerStep * 1000, normMax, clipped, skipped, maxSteps);
            codeSum = 0;
            codeCount = 0;
            normMax = 0;
            clipped = 0;
            return interval;
        }
    }
}
