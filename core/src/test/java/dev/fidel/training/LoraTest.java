package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.LoraAdapters;
import dev.fidel.model.LoraSettings;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA on a tiny model: exact at step 0, learns with the base untouched, merges into a plain checkpoint, resumes exactly. */
class LoraTest {

    static final GptConfig CONFIG = TrainingFixtures.config(40, 16);
    static final LoraSettings SETTINGS = new LoraSettings(4, 8f);

    @TempDir
    static Path shared;
    static Path vocabularyFolder;

    @TempDir
    Path dir;

    @BeforeAll
    static void vocabulary() throws Exception {
        vocabularyFolder = TrainingFixtures.vocabulary(shared.resolve("v"), 700);
    }

    @Test
    void aNewAdapterLeavesTheOutputExactlyAsItWas() {
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = TrainingFixtures.model(manager, CONFIG, 5);
            ParameterStore ps = new ParameterStore(manager, false);
            List<TtsExample> examples = examples(4, 1);
            float[][] base = TtsCheckpointsTest.logits(model, ps, manager, CONFIG, examples);
            LoraAdapters lora = LoraAdapters.attach(model, SETTINGS, manager, 7);
            float[][] adapted = TtsCheckpointsTest.logits(model, ps, manager, CONFIG, examples);
            assertArrayEquals(base[0], adapted[0], 0f);
            assertArrayEquals(base[1], adapted[1], 0f);
            // A is random (so B receives gradients), B is zero.
            Parameter a = lora.adapters().get("block0.queryKeyValue").down();
            assertTrue(a.getArray().abs().sum().getFloat() > 0);
            assertEquals(0f, lora.adapters().get("block0.queryKeyValue").up().getArray().abs().sum().getFloat());
            // Four projections of each of the two blocks; r * (in + out) values each: 16 * r * d per block.
            assertEquals(8, lora.adapters().size());
            assertEquals(16L * 4 * 32 * 2, lora.parameterCount());
        }
    }

    @Test
    void loraLearnsWhileTheBaseStaysBitIdentical() throws Exception {
        try (NDManager manager = TorchEngine.newManager()) {
            // A base with weights of a trained model's size (N(0, 0.2)): the frozen heads can then express confident logits.
            TtsTrainer.seedEngine(5);
            SpeechGpt model = new SpeechGpt(CONFIG);
            model.setInitializer(new SeededNormalInitializer(5, 0.2), Parameter.Type.WEIGHT);
            model.initialize(manager);
            Map<String, float[]> before = values(model);
            LoraAdapters lora = LoraAdapters.attach(model, SETTINGS, manager, 7);
            ParameterGroups trained = ParameterGroups.lora(lora);
            long frozen = ParameterGroups.freezeExcept(model, trained);
            assertEquals(before.values().stream().mapToLong(v -> v.length).sum(), frozen);
            TtsTrainer trainer = new TtsTrainer(model, new ParameterStore(manager, false), settings(1e-2f), trained);
            List<TtsExample> examples = examples(6, 2);
            float first = Float.NaN;
            float last = Float.NaN;
            for (int i = 0; i < 25; i++) {
                try (NDManager step = manager.newSubManager()) {
                    TtsTrainer.StepResult s = trainer.step(TtsBatch.of(step, CONFIG, examples, 16));
                    assertFalse(s.skipped());
                    first = i == 0 ? s.codeLoss() : first;
                    last = s.codeLoss();
                }
            }
            System.out.println("LoRA code loss " + first + " -> " + last);
            assertTrue(last < 0.8 * first, "code loss " + first + " -> " + last);
            Map<String, float[]> after = values(model);
            before.forEach((name, v) -> assertArrayEquals(v, after.get(name), 0f, name));
            assertTrue(lora.adapters().get("block1.contract").up().getArray().abs().sum().getFloat() > 0, "B was trained");
        }
    }

    @Test
    void aMergedCheckpointLoadsIntoAPlainModelAndComputesWhatTheAdaptersDo() throws Exception {
        VqMelCodec codec = TrainingFixtures.codec();
        try (Vocabulary vocabulary = Vocabulary.load(vocabularyFolder);
                NDManager manager = TorchEngine.newManager()) {
            GptConfig config = TrainingFixtures.config(vocabulary.size(), codec.codebookSize());
            SpeechGpt model = TrainingFixtures.model(manager, config, 5);
            SafeTensors base = DjlTensors.weights(model.getParameters());
            LoraAdapters lora = LoraAdapters.attach(model, SETTINGS, manager, 7);
            // As after training: B no longer zero.
            Random random = new Random(3);
            for (var adapter : lora.adapters().values()) {
                float[] b = new float[(int) adapter.up().getArray().size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (0.05 * random.nextGaussian());
                }
                adapter.up().getArray().set(b);
            }
            List<TtsExample> examples = TrainingFixtures.examples(TrainingFixtures.lines().subList(0, 4), vocabulary, codec, 9);
            ParameterStore ps = new ParameterStore(manager, false);
            float[][] adapted = TtsCheckpointsTest.logits(model, ps, manager, config, examples);
            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(store, 3, config, LoraState.mergedWeights(model, lora), vocabulary, NormalizerProfile.amharic(), codec,
                    CheckpointInfo.Training.of(Map.of(), null, null, 5, Map.of()), null, null);

            try (TtsCheckpoint loaded = TtsCheckpoints.load(store.directory(), CheckpointCheck.none(), EventSink.NONE)) {
                SafeTensors merged = DjlTensors.weights(loaded.model().getParameters());
                assertEquals(base.tensors().keySet(), merged.tensors().keySet(), "the checkpoint has the plain model's names only");
                int changed = 0;
                for (String name : base.tensors().keySet()) {
                    boolean adaptedWeight = name.matches("\\d*block\\d+_\\d*(queryKeyValue|attentionOut|expand|contract)_weight");
                    if (adaptedWeight) {
                        changed++;
                        assertFalse(java.util.Arrays.equals(base.get(name).floats(), merged.get(name).floats()), name);
                    } else {
                        assertArrayEquals(base.get(name).floats(), merged.get(name).floats(), 0f, name);
                    }
                }
                assertEquals(8, changed, base.tensors().keySet().toString());
                float[][] plain = TtsCheckpointsTest.logits(loaded.model(), loaded.parameters(), loaded.manager(), config, examples);
                float[][] baseOnly = TtsCheckpointsTest.logits(TrainingFixtures.model(loaded.manager(), config, 5), loaded.parameters(),
                        loaded.manager(), config, examples);
                double difference = maxDifference(adapted[1], baseOnly[1]);
                assertTrue(difference > 1e-2, "the adapters change the output: " + difference);
                assertArrayEquals(adapted[0], plain[0], 1e-4f);
                assertArrayEquals(adapted[1], plain[1], 1e-4f);
            }
        }
    }

    @Test
    void aSavedLoraRunContinuesExactlyAsIfNeverStopped() throws Exception {
        VqMelCodec codec = TrainingFixtures.codec();
        try (Vocabulary vocabulary = Vocabulary.load(vocabularyFolder)) {
            GptConfig config = TrainingFixtures.config(vocabulary.size(), codec.codebookSize());
            List<TtsExample> examples = TrainingFixtures.examples(TrainingFixtures.lines().subList(0, 6), vocabulary, codec, 9);
            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            float[] uninterrupted;
            try (NDManager manager = TorchEngine.newManager()) {
                SpeechGpt model = TrainingFixtures.model(manager, config, 5);
                LoraAdapters lora = LoraAdapters.attach(model, SETTINGS, manager, 7);
                TtsTrainer trainer = trainer(model, lora, manager);
                step(trainer, manager, config, examples);
                step(trainer, manager, config, examples);
                TtsCheckpoints.save(store, 2, config, LoraState.mergedWeights(model, lora), vocabulary, NormalizerProfile.amharic(), codec,
                        CheckpointInfo.Training.of(Map.of(), null, null, 5, Map.of()),
                        LoraState.withAdapters(DjlTensors.of(trainer.optimizer().state()), lora), null);
                step(trainer, manager, config, examples);
                uninterrupted = TtsCheckpointsTest.logits(model, new ParameterStore(manager, false), manager, config, examples)[1];
            }
            // A new process: the base again, fresh adapters, then the saved adapters and moments.
            try (NDManager manager = TorchEngine.newManager();
                    TtsCheckpoint saved = TtsCheckpoints.load(store.directory(), CheckpointCheck.none(), EventSink.NONE)) {
                SpeechGpt model = TrainingFixtures.model(manager, config, 5);
                LoraAdapters lora = LoraAdapters.attach(model, SETTINGS, manager, 7);
                TtsTrainer trainer = trainer(model, lora, manager);
                LoraState.restore(lora, saved.optimizer(), "checkpoint step-000002");
                Map<String, float[]> moments = new HashMap<>();
                saved.optimizer().tensors().forEach((k, v) -> moments.put(k, v.floats()));
                trainer.optimizer().restore(moments, 2, "checkpoint step-000002");
                step(trainer, manager, config, examples);
                float[] resumed = TtsCheckpointsTest.logits(model, new ParameterStore(manager, false), manager, config, examples)[1];
                assertArrayEquals(uninterrupted, resumed, 1e-6f);
            }
            // Adapters that do not fit are refused, naming what to do.
            try (NDManager manager = TorchEngine.newManager();
                    TtsCheckpoint saved = TtsCheckpoints.load(store.directory(), CheckpointCheck.none(), EventSink.NONE)) {
                LoraAdapters other = LoraAdapters.attach(TrainingFixtures.model(manager, config, 5), new LoraSettings(2, 8f), manager, 7);
                var e = assertThrows(dev.fidel.FidelException.class, () -> LoraState.restore(other, saved.optimizer(), "checkpoint x"));
                assertTrue(e.getMessage().contains("block0.queryKeyValue.loraA has "), e.getMessage());
                assertEquals("outputDirectory", e.setting());
            }
        }
    }

    @Test
    void rankAndAlphaOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoraSettings(0, 8f));
        assertThrows(IllegalArgumentException.class, () -> new LoraSettings(4, 0f));
        assertThrows(IllegalArgumentException.class, () -> new LoraSettings(4, Float.NaN));
        assertEquals(2f, SETTINGS.scale());
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = TrainingFixtures.model(manager, CONFIG, 5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LoraAdapters.attach(model, new LoraSettings(33, 8f), manager, 1));
            assertTrue(e.getMessage().contains("width 32"), e.getMessage());
            LoraAdapters.attach(model, new LoraSettings(32, 8f), manager, 1);
            assertThrows(IllegalArgumentException.class, () -> LoraAdapters.attach(model, SETTINGS, manager, 1), "adapters twice");
        }
    }

    static TrainingSettings settings(float learningRate) {
        return new TrainingSettings(learningRate, 0, List.of(), 0.5f, 1f, 0.01f, 1f, 20, 5,
                new AdamW.Settings(0.9f, 0.96f, 1e-8f, 0.01f));
    }

    private static TtsTrainer trainer(SpeechGpt model, LoraAdapters lora, NDManager manager) {
        ParameterGroups trained = ParameterGroups.lora(lora);
        ParameterGroups.freezeExcept(model, trained);
        return new TtsTrainer(model, new ParameterStore(manager, false), settings(1e-2f), trained);
    }

    private static void step(TtsTrainer trainer, NDManager manager, GptConfig config, List<TtsExample> examples) throws Exception {
        try (NDManager step = manager.newSubManager()) {
            assertFalse(trainer.step(TtsBatch.of(step, config, examples, 16)).skipped());
        }
    }

    /** Synthetic examples for {@link #CONFIG}: random texts, codes that follow from the text. */
    static List<TtsExample> examples(int count, long seed) {
        Random random = new Random(seed);
        List<float[][]> mels = TrainingFixtures.mels(count, seed);
        List<TtsExample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] text = random.ints(4 + random.nextInt(5), 0, CONFIG.textVocabularySize()).toArray();
            int[] codes = new int[2 * text.length];
            for (int t = 0; t < codes.length; t++) {
                codes[t] = (text[t / 2] + t) % CONFIG.codebookSize();
            }
            out.add(new TtsExample("s" + i, mels.get(i), text, codes));
        }
        return out;
    }

    static Map<String, float[]> values(SpeechGpt model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
