package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.config.Adaptation;
import dev.fidel.config.Schedule;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.tts.TrainingState;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.tts.TtsIdentity;
import dev.fidel.util.Json;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtsCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripReproducesLogitsAndCarriesProvenance() throws Exception {
        VqMelCodec codec = TrainingFixtures.codec();
        try (Vocabulary vocabulary = Vocabulary.load(TrainingFixtures.vocabulary(dir.resolve("v"), 700));
                NDManager manager = TorchEngine.newManager()) {
            GptConfig config = TrainingFixtures.config(vocabulary.size(), codec.codebookSize());
            SpeechGpt model = TrainingFixtures.model(manager, config, 5);
            List<TtsExample> examples = TrainingFixtures.examples(TrainingFixtures.lines().subList(0, 4), vocabulary, codec, 9);
            float[][] before = logits(model, new ParameterStore(manager, false), manager, config, examples);
            FinetuneRequest request = FinetuneRequest.defaults(dir, dir, dir).toBuilder().mode(Adaptation.Kind.FREEZE).freeze(1, true)
                    .milestones(List.of(10, 20), Schedule.Unit.STEPS).seed(5).build();
            CheckpointInfo.Training training = CheckpointInfo.Training.of(Map.of("train.jsonl", "ab12"), request.training(), null, 5,
                    Map.of());
            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(store, 40, model, vocabulary, NormalizerProfile.amharic(), codec, training, null,
                    new TrainingState("run-a", 40, 3, 5, 2.5));

            List<String> log = new ArrayList<>();
            try (TtsCheckpoint loaded = TtsCheckpoints.load(store.directory(), CheckpointCheck.none()
                    .vocabulary(vocabulary.identity(), vocabulary.size(), "vocabulary")
                    .codec(codec.sha256(), "codec"), CollectedEvents.into(log))) {
                assertEquals(40, loaded.step());
                assertTrue(log.get(log.size() - 1).endsWith("; trained with freeze adaptation, learning rate 0.001, 2000 steps at most, "
                        + "seed 5"), log.toString());
                assertEquals(new TtsIdentity(config, vocabulary.identity(), vocabulary.size(), NormalizerProfile.amharic(),
                        new CheckpointInfo.Codec(TtsCheckpoints.CODEC_KIND, codec.sha256()), dev.fidel.audio.MelConfig.defaults(),
                        Finetune.REFERENCE_FRAMES), loaded.identity());
                assertEquals(vocabulary.identity(), loaded.vocabulary().identity());
                assertArrayEquals(vocabulary.encode("ሰላም ለዓለም"), loaded.vocabulary().encode("ሰላም ለዓለም"));
                assertEquals(codec.sha256(), loaded.codec().sha256());
                assertEquals(NormalizerProfile.amharic().sha256(), loaded.identity().normalizer().sha256());
                assertEquals("ab12", loaded.info().training().data().get("train.jsonl"));
                assertEquals(request.training(), loaded.info().training().config(), "the training configuration reads back equal");
                assertEquals(new TrainingState("run-a", 40, 3, 5, 2.5), loaded.trainingState());
                assertEquals(request.training(), loaded.trainingConfig().orElseThrow());
                // Fidel's trainer's features are recorded with it, so the gate computes the same ones.
                assertEquals(dev.fidel.audio.MelConfig.defaults(), loaded.identity().mel());
                assertEquals(Finetune.REFERENCE_FRAMES, loaded.identity().referenceFrames());
                float[][] after = logits(loaded.model(), loaded.parameters(), loaded.manager(), config, examples);
                assertArrayEquals(before[0], after[0], 0f);
                assertArrayEquals(before[1], after[1], 0f);
            }
            // Other features are read back as written, not replaced by the defaults.
            dev.fidel.audio.MelConfig mel = new dev.fidel.audio.MelConfig(16000, 512, 160, 64, 20, 7600);
            TtsCheckpoints.save(store, 41, config, dev.fidel.checkpoint.DjlTensors.weights(model.getParameters()), vocabulary,
                    NormalizerProfile.amharic(), codec, training, null, null, mel, 32);
            try (TtsCheckpoint loaded = TtsCheckpoints.load(store.directory(), CheckpointCheck.none(), EventSink.NONE)) {
                assertEquals(41, loaded.step());
                assertEquals(mel, loaded.identity().mel());
                assertEquals(32, loaded.identity().referenceFrames());
                assertNull(loaded.trainingState(), "saved without a training state: none");
            }
        }
    }

    @Test
    void aCheckpointWithoutItsTrainingConfigurationStillLoadsAndTheLogSaysSo() throws Exception {
        Path store = stepOne();   // written as an earlier Fidel did: no training.config, no training state
        List<String> log = new ArrayList<>();
        try (TtsCheckpoint loaded = TtsCheckpoints.load(store, CheckpointCheck.none(), CollectedEvents.into(log))) {
            assertTrue(loaded.trainingConfig().isEmpty());
            assertNull(loaded.trainingState());
            assertEquals(savedIdentity, loaded.identity().vocabulary(), "the identity is there without it");
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("its training configuration is not recorded (written by an earlier Fidel)")),
                log.toString());
    }

    @Test
    void aDifferentVocabularyIsRefusedNamingBoth() throws Exception {
        Path store = stepOne();
        try (Vocabulary other = Vocabulary.load(TrainingFixtures.vocabulary(dir.resolve("v800"), 800))) {
            assertNotEquals(savedIdentity, other.identity());
            FidelException e = assertThrows(FidelException.class, () -> TtsCheckpoints.load(store,
                    CheckpointCheck.none().vocabulary(other.identity(), other.size(), "vocabulary"), EventSink.NONE));
            assertTrue(e.getMessage().contains(savedIdentity.substring(0, 12)), e.getMessage());
            assertTrue(e.getMessage().contains(other.identity().substring(0, 12)), e.getMessage());
            assertTrue(e.getMessage().contains("<vocabulary>"), e.getMessage());
        }
    }

    @Test
    void modelSizesInCheckpointJsonAreComparedWithTheWeightsBeforeAnythingIsBuilt() throws Exception {
        // A checkpoint.json whose configuration claims a 2-billion-row vocabulary used to build that model first.
        Path store = stepOne();
        Path info = store.resolve("step-000001").resolve(CheckpointStore.INFO);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(info.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("model")).put("textVocabularySize", 2_000_000_000);
        Files.writeString(info, Json.write(json));
        FidelException e = assertThrows(FidelException.class, () -> TtsCheckpoints.load(store, CheckpointCheck.none(), EventSink.NONE));
        assertTrue(e.getMessage().contains("textEmbedding_table is [2000000002, 32] but weights.safetensors holds [702, 32]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("nothing was built"), e.getMessage());
    }

    @Test
    void sizesTheWeightsDoNotHoldAreRefusedNamingTheFieldBeforeAModelIsBuilt() throws Exception {
        // Within every bound, yet not the model the weights are of: these used to build the model, then fail to fill it.
        Path step = stepOne().resolve("step-000001");
        for (Map.Entry<String, Integer> edit : Map.of("conditioningLatents", 4000, "mels", 500).entrySet()) {
            editModel(step, m -> m.put(edit.getKey(), edit.getValue()));
            FidelException e = assertThrows(FidelException.class, () -> TtsCheckpoints.load(step, CheckpointCheck.none(), EventSink.NONE));
            assertTrue(e.getMessage().startsWith("checkpoint step-000001: checkpoint.json gives model." + edit.getKey() + " "
                    + edit.getValue() + " and model.width 32"), e.getMessage());
            assertTrue(e.getMessage().endsWith("nothing was built"), e.getMessage());
            editModel(step, m -> m.put(edit.getKey(), edit.getKey().equals("mels") ? 8 : 2));
        }
        try (TtsCheckpoint restored = TtsCheckpoints.load(step, CheckpointCheck.none(), EventSink.NONE)) {
            assertEquals(2, restored.identity().model().conditioningLatents());
        }
    }

    @Test
    void layersThatTheWeightsOnlyNameAreRefusedByTheirParameterCount() throws Exception {
        // 600 "blocks" of empty tensors pass a count of block names; 600 real blocks of width 32 are 7.6 million parameters.
        Path step = stepOne().resolve("step-000001");
        Path weightsFile = step.resolve(CheckpointStore.WEIGHTS);
        java.util.Map<String, dev.fidel.checkpoint.Tensor> tensors = new java.util.TreeMap<>(SafeTensors.read(weightsFile).tensors());
        for (int i = 2; i < 600; i++) {
            tensors.put("99block" + i + "_empty", dev.fidel.checkpoint.Tensor.f32(new float[0], 0));
        }
        new SafeTensors(tensors).write(weightsFile);
        record(step, CheckpointStore.WEIGHTS);
        editModel(step, m -> m.put("layers", 600));
        FidelException e = assertThrows(FidelException.class, () -> TtsCheckpoints.load(step, CheckpointCheck.none(), EventSink.NONE));
        // 75,440 parameters outside the blocks and 12,704 in each block of width 32: 600 blocks, or the 2 the weights hold.
        assertTrue(e.getMessage().startsWith("checkpoint step-000001: checkpoint.json describes a model of 7,697,840 parameters"),
                e.getMessage());
        assertTrue(e.getMessage().contains("but weights.safetensors holds 100,848 values"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was built"), e.getMessage());
    }

    @Test
    void theCodecAndFeaturesInStateJsonAreBoundedLikeTheirOwnFiles() throws Exception {
        Path step = stepOne().resolve("step-000001");
        Path stateFile = step.resolve(CheckpointStore.STATE);
        com.fasterxml.jackson.databind.node.ObjectNode original = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(stateFile.toFile());
        // The overflowing codec of issue 10 (mels x framesPerCode = 2^32), carried in state.json instead of a file.
        String header = "{\"codebookSize\":2147483647,\"format\":\"fidel-vq-mel-codec\",\"formatVersion\":1,\"framesPerCode\":65536,"
                + "\"iterations\":1,\"layout\":\"x\",\"mels\":65536,\"seed\":1,\"trainingVectors\":1}";
        byte[] json = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer codec = java.nio.ByteBuffer.allocate(8 + json.length + 4 * 2 * 65536).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        codec.putLong(json.length).put(json);
        com.fasterxml.jackson.databind.node.ObjectNode state = original.deepCopy();
        state.put("codec", java.util.Base64.getEncoder().encodeToString(codec.array()));
        Files.writeString(stateFile, Json.write(state));
        record(step, CheckpointStore.STATE);
        FidelException e = assertThrows(FidelException.class, () -> TtsCheckpoints.load(step, CheckpointCheck.none(), EventSink.NONE));
        assertTrue(e.getMessage().startsWith("checkpoint step-000001 state.json codec: header says 2147483647 codebook entries of"
                + " 4294967296 floats"), e.getMessage());
        assertEquals("checkpoint", e.setting());
        // A reference window of two billion frames would be allocated at every synthesis.
        state = original.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) state.get(TtsCheckpoints.FEATURES)).put("referenceFrames", 2_000_000_000);
        Files.writeString(stateFile, Json.write(state));
        record(step, CheckpointStore.STATE);
        e = assertThrows(FidelException.class, () -> TtsCheckpoints.load(step, CheckpointCheck.none(), EventSink.NONE));
        assertTrue(e.getMessage().startsWith("checkpoint step-000001: state.json gives features.referenceFrames 2000000000, outside 1..65536"),
                e.getMessage());
    }

    /** Changes the model configuration in a checkpoint's {@code checkpoint.json}. */
    private static void editModel(Path step, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit) throws Exception {
        Path info = step.resolve(CheckpointStore.INFO);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(info.toFile());
        edit.accept((com.fasterxml.jackson.databind.node.ObjectNode) json.get("model"));
        Files.writeString(info, Json.write(json));
    }

    /** Records a rewritten state file's size and SHA-256 in {@code checkpoint.json}, as a careful forger would. */
    private static void record(Path step, String file) throws Exception {
        Path info = step.resolve(CheckpointStore.INFO);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(info.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode entry = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("files").get(file);
        entry.put("bytes", Files.size(step.resolve(file)));
        entry.put("sha256", dev.fidel.util.Sha256.of(step.resolve(file)));
        Files.writeString(info, Json.write(json));
    }

    /** The identity of the vocabulary {@link #stepOne} trained with. */
    private String savedIdentity;

    /** A store with one checkpoint (step 1) of a small model on a 700-piece vocabulary. */
    private Path stepOne() throws Exception {
        VqMelCodec codec = TrainingFixtures.codec();
        try (Vocabulary vocabulary = Vocabulary.load(TrainingFixtures.vocabulary(dir.resolve("v700"), 700));
                NDManager manager = TorchEngine.newManager()) {
            GptConfig config = TrainingFixtures.config(vocabulary.size(), codec.codebookSize());
            CheckpointStore s = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(s, 1, TrainingFixtures.model(manager, config, 1), vocabulary, NormalizerProfile.amharic(), codec,
                    CheckpointInfo.Training.of(Map.of(), null, null, 1, Map.of()), null, null);
            savedIdentity = vocabulary.identity();
            return s.directory();
        }
    }

    static float[][] logits(SpeechGpt model, ParameterStore ps, NDManager manager, GptConfig config, List<TtsExample> examples) {
        try (NDManager scope = manager.newSubManager()) {
            TtsBatch batch = TtsBatch.of(scope, config, examples, 16);
            NDArray[] logits = model.logits(ps, batch, false);
            return new float[][] {logits[0].toFloatArray(), logits[1].toFloatArray()};
        }
    }
}
