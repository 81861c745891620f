package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
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
                NDManager manager = NDManager.newBaseManager()) {
            GptConfig config = TrainingFixtures.config(vocabulary.size(), codec.codebookSize());
            SpeechGpt model = TrainingFixtures.model(manager, config, 5);
            List<TtsExample> examples = TrainingFixtures.examples(TrainingFixtures.lines().subList(0, 4), vocabulary, codec, 9);
            float[][] before = logits(model, new ParameterStore(manager, false), manager, config, examples);
            CheckpointInfo.Training training = CheckpointInfo.Training.of(Map.of("train.jsonl", "ab12"),
                    Json.MAPPER.valueToTree(Map.of("learningRate", 0.001)), 5, Map.of());
            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(store, 40, model, vocabulary, NormalizerProfile.amharic(), codec, training, null,
                    Json.MAPPER.valueToTree(Map.of("epoch", 3)));

            try (LoadedTts loaded = TtsCheckpoints.load(store.directory(), CheckpointCheck.none()
                    .vocabulary(vocabulary.identity(), vocabulary.size(), "vocabulary")
                    .codec(codec.sha256(), "codec"), EventSink.NONE)) {
                assertEquals(40, loaded.step());
                assertEquals(config, loaded.config());
                assertEquals(vocabulary.identity(), loaded.vocabulary().identity());
                assertArrayEquals(vocabulary.encode("ሰላም ለዓለም"), loaded.vocabulary().encode("ሰላም ለዓለም"));
                assertEquals(codec.sha256(), loaded.codec().sha256());
                assertEquals(NormalizerProfile.amharic().sha256(), loaded.normalizer().sha256());
                assertEquals("ab12", loaded.info().training().data().get("train.jsonl"));
                assertEquals(3, loaded.trainerState().get("epoch").asInt());
                // Fidel's trainer's features are recorded with it, so the gate computes the same ones.
                assertEquals(dev.fidel.audio.MelConfig.defaults(), loaded.melConfig());
                assertEquals(Finetune.REFERENCE_FRAMES, loaded.referenceFrames());
                float[][] after = logits(loaded.model(), loaded.parameters(), loaded.manager(), config, examples);
                assertArrayEquals(before[0], after[0], 0f);
                assertArrayEquals(before[1], after[1], 0f);
            }
            // Other features are read back as written, not replaced by the defaults.
            dev.fidel.audio.MelConfig mel = new dev.fidel.audio.MelConfig(16000, 512, 160, 64, 20, 7600);
            TtsCheckpoints.save(store, 41, config, dev.fidel.checkpoint.DjlTensors.weights(model.getParameters()), vocabulary,
                    NormalizerProfile.amharic(), codec, training, null, null, mel, 32);
            try (LoadedTts loaded = TtsCheckpoints.load(store.directory(), CheckpointCheck.none(), EventSink.NONE)) {
                assertEquals(41, loaded.step());
                assertEquals(mel, loaded.melConfig());
                assertEquals(32, loaded.referenceFrames());
            }
        }
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

    /** The identity of the vocabulary {@link #stepOne} trained with. */
    private String savedIdentity;

    /** A store with one checkpoint (step 1) of a small model on a 700-piece vocabulary. */
    private Path stepOne() throws Exception {
        VqMelCodec codec = TrainingFixtures.codec();
        try (Vocabulary vocabulary = Vocabulary.load(TrainingFixtures.vocabulary(dir.resolve("v700"), 700));
                NDManager manager = NDManager.newBaseManager()) {
            GptConfig config = TrainingFixtures.config(vocabulary.size(), codec.codebookSize());
            CheckpointStore s = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(s, 1, TrainingFixtures.model(manager, config, 1), vocabulary, NormalizerProfile.amharic(), codec,
                    CheckpointInfo.Training.of(Map.of(), Json.MAPPER.createObjectNode(), 1, Map.of()), null, null);
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
