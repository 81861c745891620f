package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.model.TtsLoss;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.tts.TrainingState;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on a tiny model: gradient accumulation, the weight average, exact resume through a checkpoint. */
class TtsTrainerTest {

    private static final int VOCABULARY = 50;
    private static final int CODES = 16;

    @TempDir
    Path dir;

    static GptConfig config(float dropout) {
        return new GptConfig(32, 2, 2, dropout, VOCABULARY, CODES, 40, 40, 2, 8);
    }

    static TrainingSettings settings(float learningRate, int warmupSteps, List<Integer> milestones, float emaDecay) {
        return new TrainingSettings(learningRate, warmupSteps, milestones, 0.5f, 1f, 0.01f, 1f, 3, 11,
                AdamW.Settings.defaults(), emaDecay);
    }

    /** Examples of {@code textLength}/{@code codeLength} tokens (+-2), random ids. */
    static List<TtsExample> examples(Random random, int count, int textLength, int codeLength) {
        List<TtsExample> out = new ArrayList<>();
        List<float[][]> mels = TrainingFixtures.mels(count, random.nextLong());
        for (int i = 0; i < count; i++) {
            out.add(new TtsExample("e" + i, mels.get(i), random.ints(textLength + random.nextInt(5) - 2, 0, VOCABULARY).toArray(),
                    random.ints(codeLength + random.nextInt(5) - 2, 0, CODES).toArray()));
        }
        return out;
    }

    static Map<String, float[]> weights(SpeechGpt model) {
        Map<String, float[]> out = new HashMap<>();
        DjlTensors.weights(model.getParameters()).tensors().forEach((k, v) -> out.put(k, v.floats()));
        return out;
    }

    @Test
    void accumulatingTwoHalvesTakesTheStepOfTheWholeBatch() throws Exception {
        Random random = new Random(3);
        // Halves of very different lengths: a plain mean of the two halves' losses would weight them wrongly.
        List<TtsExample> shortHalf = examples(random, 3, 5, 6);
        List<TtsExample> longHalf = examples(random, 3, 25, 30);
        List<TtsExample> whole = new ArrayList<>(shortHalf);
        whole.addAll(longHalf);
        GptConfig config = config(0f);
        try (NDManager manager = TorchEngine.newManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            SpeechGpt one = TrainingFixtures.model(manager, config, 5);
            SpeechGpt accumulated = TrainingFixtures.model(manager, config, 5);
            TtsTrainer.StepResult a = new TtsTrainer(one, ps, settings(1e-3f, 0, List.of(), 0f))
                    .step(TtsBatch.of(manager, config, whole, 16));
            TtsTrainer.StepResult b = new TtsTrainer(accumulated, ps, settings(1e-3f, 0, List.of(), 0f))
                    .step(List.of(TtsBatch.of(manager, config, shortHalf, 16), TtsBatch.of(manager, config, longHalf, 16)));

            assertEquals(a.loss(), b.loss(), 1e-5f, "the accumulated loss is the loss over the union");
            assertEquals(a.codeLoss(), b.codeLoss(), 1e-5f);
            assertEquals(a.textLoss(), b.textLoss(), 1e-5f);
            assertEquals(a.gradientNorm(), b.gradientNorm(), 1e-5 * a.gradientNorm(), "clipping sees the same gradient norm");
            assertEquals(a.codeTokens(), b.codeTokens(), "tokens count every micro-batch");
            float naive;
            try (NDScope scope = new NDScope()) {
                TtsLoss s = accumulatedLoss(one, ps, manager, config, shortHalf);
                TtsLoss l = accumulatedLoss(one, ps, manager, config, longHalf);
                naive = (s.code().getFloat() + l.code().getFloat()) / 2;
            }
            assertTrue(Math.abs(naive - a.codeLoss()) > 0.01, "the halves are unequal enough to tell weightings apart: " + naive
                    + " vs " + a.codeLoss());

            Map<String, float[]> expected = weights(one);
            Map<String, float[]> actual = weights(accumulated);
            float largest = 0;
            for (Map.Entry<String, float[]> e : expected.entrySet()) {
                float[] x = e.getValue();
                float[] y = actual.get(e.getKey());
                for (int i = 0; i < x.length; i++) {
                    largest = Math.max(largest, Math.abs(x[i] - y[i]));
                }
            }
            // One AdamW step moves each weight by up to the learning rate (1e-3); the two differ by float rounding only.
            assertTrue(largest < 1e-5f, "largest weight difference " + largest);
        }
    }

    @Test
    void aStepIsClippedOnlyWhenItsGradientNormExceedsClipNorm() throws Exception {
        Random random = new Random(6);
        List<TtsExample> batch = examples(random, 4, 5, 12);
        GptConfig config = config(0f);
        try (NDManager manager = TorchEngine.newManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (float clipNorm : new float[] {1e-6f, 0f, 1e9f}) {
                TrainingSettings settings = new TrainingSettings(1e-3f, 0, List.of(), 0.5f, clipNorm, 0.01f, 1f, 3, 11,
                        AdamW.Settings.defaults(), 0f);
                TtsTrainer.StepResult s = new TtsTrainer(TrainingFixtures.model(manager, config, 5), ps, settings)
                        .step(TtsBatch.of(manager, config, batch, 16));
                assertTrue(s.gradientNorm() > 1e-6 && s.gradientNorm() < 1e9, "norm " + s.gradientNorm());
                assertEquals(clipNorm == 1e-6f, s.clipped(), "clipNorm " + clipNorm + ", norm " + s.gradientNorm());
            }
        }
    }

    private static TtsLoss accumulatedLoss(SpeechGpt model, ParameterStore ps, NDManager manager, GptConfig config,
            List<TtsExample> examples) {
        return model.loss(ps, TtsBatch.of(manager, config, examples, 16), false, 0.01f, 1f);
    }

    @Test
    void theScheduleAdvancesOncePerOptimizerStepNotPerMicroBatch() throws Exception {
        Random random = new Random(4);
        GptConfig config = config(0f);
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = TrainingFixtures.model(manager, config, 5);
            TrainingSettings settings = settings(1e-3f, 2, List.of(2), 0f);
            TtsTrainer trainer = new TtsTrainer(model, new ParameterStore(manager, false), settings);
            List<Float> rates = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                List<TtsBatch> micro = new ArrayList<>();
                for (int m = 0; m < 3; m++) {
                    micro.add(TtsBatch.of(manager, config, examples(random, 2, 6, 8), 16));
                }
                TtsTrainer.StepResult result = trainer.step(micro);
                assertEquals(s, result.step());
                assertEquals(s + 1, trainer.optimizerSteps(), "three micro-batches, one optimizer step");
                rates.add(result.learningRate());
            }
            // Warm-up over 2 optimizer steps (0.5, 1.0 x peak), then the milestone at step 2 halves it.
            assertEquals(List.of(0.5e-3f, 1e-3f, 0.5e-3f), rates);
        }
    }

    @Test
    void theWeightAverageIsTheBiasCorrectedExponentialAverageOfTheSteps() throws Exception {
        Random random = new Random(5);
        GptConfig config = config(0f);
        float decay = 0.8f;
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = TrainingFixtures.model(manager, config, 5);
            TtsTrainer trainer = new TtsTrainer(model, new ParameterStore(manager, false), settings(1e-2f, 0, List.of(), decay));
            ParameterGroups.Named small = ParameterGroups.of(model).all().stream()
                    .min(java.util.Comparator.comparingLong(n -> n.parameter().getArray().size())).orElseThrow();
            float[] start = small.parameter().getArray().toFloatArray();
            List<float[]> seen = new ArrayList<>();
            TtsBatch batch = TtsBatch.of(manager, config, examples(random, 4, 8, 10), 16);
            for (int k = 1; k <= 6; k++) {
                trainer.step(batch);
                seen.add(small.parameter().getArray().toFloatArray());
            }
            float[] average = trainer.average().average(small.name()).toFloatArray();
            for (int j = 0; j < average.length; j++) {
                double sum = 0;
                double norm = 0;
                for (int i = 0; i < seen.size(); i++) {
                    double w = Math.pow(decay, seen.size() - 1 - i);
                    sum += w * seen.get(i)[j];
                    norm += w;
                }
                assertEquals(sum / norm, average[j], 1e-6, small.name() + "[" + j + "]");
            }
            assertTrue(Math.abs(average[0] - start[0]) > 1e-4 && Math.abs(average[0] - seen.get(5)[0]) > 1e-6,
                    "the average moved away from the start and differs from the last weights");

            // Swapped in, the model holds the average; swapped out, the trained weights again.
            trainer.useAveragedWeights();
            assertArrayEquals(average, small.parameter().getArray().toFloatArray(), 0f);
            assertArrayEquals(seen.get(5), trainer.average().trained().get(WeightAverage.TRAINED + small.name()).toFloatArray(), 0f);
            trainer.useTrainedWeights();
            assertArrayEquals(seen.get(5), small.parameter().getArray().toFloatArray(), 0f);
        }
    }

    /**
     * Eight optimizer steps (two micro-batches each, dropout 0.1, weight average on) in one go, and four
     * steps, a checkpoint written and read back by the real checkpoint code into a fresh model and
     * trainer, then four more: the weights, the average and the validation loss are identical.
     */
    @Test
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws Exception {
        int steps = 8;
        VqMelCodec codec = TrainingFixtures.codec();
        try (Vocabulary vocabulary = Vocabulary.load(TrainingFixtures.vocabulary(dir.resolve("v"), 700))) {
            GptConfig config = new GptConfig(32, 2, 2, 0.1f, vocabulary.size(), codec.codebookSize(), 40, 40, 2, 8);
            List<TtsExample> all = TrainingFixtures.examples(TrainingFixtures.lines().subList(0, 20), vocabulary, codec, 9);
            List<List<TtsExample>> batches = List.of(all.subList(0, 4), all.subList(4, 8), all.subList(8, 12), all.subList(12, 16));
            List<TtsExample> validation = all.subList(16, 20);
            TrainingSettings settings = new TrainingSettings(3e-3f, 2, List.of(5), 0.5f, 1f, 0.01f, 1f, 3, 11,
                    AdamW.Settings.defaults(), 0.9f);

            Run uninterrupted;
            try (NDManager manager = TorchEngine.newManager()) {
                SpeechGpt model = TrainingFixtures.model(manager, config, 5);
                ParameterStore ps = new ParameterStore(manager, false);
                TtsTrainer trainer = new TtsTrainer(model, ps, settings);
                train(trainer, manager, config, batches, steps);
                uninterrupted = Run.of(model, trainer, ps, manager, config, validation);
            }

            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            try (NDManager manager = TorchEngine.newManager()) {
                SpeechGpt model = TrainingFixtures.model(manager, config, 5);
                TtsTrainer trainer = new TtsTrainer(model, new ParameterStore(manager, false), settings);
                train(trainer, manager, config, batches, steps / 2);
                trainer.useAveragedWeights();
                TtsCheckpoints.save(store, trainer.optimizerSteps(), model, vocabulary, NormalizerProfile.amharic(), codec,
                        CheckpointInfo.Training.of(Map.of(), null, null, 11, Map.of()),
                        new SafeTensors(DjlTensors.of(trainer.state())), new TrainingState("run", trainer.optimizerSteps(), 0, 0, Double.NaN));
            }
            Run resumed;
            try (NDManager manager = TorchEngine.newManager();
                    TtsCheckpoint checkpoint = TtsCheckpoints.load(store.directory(), CheckpointCheck.none(), EventSink.NONE)) {
                // A fresh model with other initial weights and engine seed: everything must come from the checkpoint.
                SpeechGpt model = TrainingFixtures.model(manager, config, 77);
                ParameterStore ps = new ParameterStore(manager, false);
                TtsTrainer trainer = new TtsTrainer(model, ps, settings);
                DjlTensors.load(DjlTensors.weights(checkpoint.model().getParameters()), model.getParameters(), "checkpoint");
                Map<String, float[]> state = new HashMap<>();
                checkpoint.optimizer().tensors().forEach((k, v) -> state.put(k, v.floats()));
                ParameterGroups.Named embedding = ParameterGroups.of(checkpoint.model()).all().stream()
                        .filter(n -> n.name().startsWith("textEmbedding.")).findFirst().orElseThrow();
                float[] trainedEmbedding = state.get(WeightAverage.TRAINED + embedding.name());
                assertTrue(trainedEmbedding != null, "the training state holds the trained weights: " + state.keySet());
                assertTrue(!java.util.Arrays.equals(trainedEmbedding, embedding.parameter().getArray().toFloatArray()),
                        "the checkpoint's model weights are the average, not the trained weights");
                trainer.restore(state, checkpoint.trainingState().step(), "checkpoint");
                train(trainer, manager, config, batches, steps);
                resumed = Run.of(model, trainer, ps, manager, config, validation);
            }

            assertEquals(uninterrupted.validationLoss(), resumed.validationLoss(), 0f, "validation code loss");
            for (String name : uninterrupted.trained().keySet()) {
                assertArrayEquals(uninterrupted.trained().get(name), resumed.trained().get(name), 0f, "trained " + name);
                assertArrayEquals(uninterrupted.averaged().get(name), resumed.averaged().get(name), 0f, "average " + name);
            }
        }
    }

    private static void train(TtsTrainer trainer, NDManager manager, GptConfig config, List<List<TtsExample>> batches, int until)
            throws Exception {
        while (trainer.optimizerSteps() < until) {
            int s = trainer.optimizerSteps();
            try (NDScope scope = new NDScope()) {
                TtsTrainer.StepResult r = trainer.step(List.of(TtsBatch.of(manager, config, batches.get((2 * s) % 4), 16),
                        TtsBatch.of(manager, config, batches.get((2 * s + 1) % 4), 16)));
                assertTrue(!r.skipped(), "step " + s + " was skipped");
            }
        }
    }

    /** The end of a run: trained and averaged weights, and the validation code loss of the averaged ones. */
    private record Run(Map<String, float[]> trained, Map<String, float[]> averaged, float validationLoss) {
        static Run of(SpeechGpt model, TtsTrainer trainer, ParameterStore ps, NDManager manager, GptConfig config,
                List<TtsExample> validation) {
            Map<String, float[]> trained = weights(model);
            trainer.useAveragedWeights();
            Map<String, float[]> averaged = weights(model);
            float loss;
            try (NDScope scope = new NDScope()) {
                loss = model.loss(ps, TtsBatch.of(manager, config, validation, 16), false, 0.01f, 1f).code().getFloat();
            }
            trainer.useTrainedWeights();
            return new Run(trained, averaged, loss);
        }
    }
}
