package dev.fidel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.config.Adaptation;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.Versions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving, resuming, keeping the last K, and what a crash mid-write leaves behind. */
class CheckpointStoreTest {

    @TempDir
    Path dir;

    private final Fixtures.Events events = new Fixtures.Events();

    private static CheckpointCheck matching() {
        return CheckpointCheck.none().vocabulary(Fixtures.VOCABULARY_SHA, 8000, "vocabulary")
                .normalizer(NormalizerProfile.amharic(), NormalizerDrift.FAIL).codec(Fixtures.CODEC.sha256(), "codec")
                .positions("text", 402, "maxTextTokens").positions("code", 600, "maxCodeTokens");
    }

    private List<String> names() throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals(OwnedFolder.MARKER)).sorted().toList();
        }
    }

    @Test
    void roundTripReproducesWeightsStateAndProvenance() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        Checkpoint saved = Fixtures.checkpoint(400);
        CheckpointInfo written = store.save(saved);
        assertEquals(List.of("checkpoint.json", "optimizer.safetensors", "state.json", "weights.safetensors"),
                Files.list(dir.resolve("step-000400")).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals("step-000400", Files.readString(dir.resolve("latest")).strip());

        CheckpointReader reader = CheckpointReader.open(store.latest().orElseThrow(), "baseCheckpoint");
        Checkpoint loaded = reader.load(matching(), events);
        assertEquals(written, loaded.info());
        assertEquals(saved.info().withFiles(written.files()), loaded.info());
        for (String name : saved.weights().tensors().keySet()) {
            assertArrayEquals(saved.weights().get(name).bytes(), loaded.weights().get(name).bytes(), name);
        }
        assertEquals(saved.weights(), loaded.weights());
        assertEquals(saved.optimizer(), loaded.optimizer());
        assertEquals(saved.state(), loaded.state());
        assertArrayEquals(Fixtures.VOCABULARY_MODEL, loaded.info().vocabulary().model());
        loaded.info().vocabulary().writeModel(dir.resolve("extracted.model"));
        assertArrayEquals(Fixtures.VOCABULARY_MODEL, Files.readAllBytes(dir.resolve("extracted.model")));
        assertEquals(NormalizerProfile.amharic(), loaded.info().normalizer());
        assertEquals(Versions.FIDEL, loaded.info().training().libraries().get("fidel"));
        assertEquals(Versions.DJL, loaded.info().training().libraries().get("djl"));
        assertEquals(42, loaded.info().training().seed());
        assertEquals(Fixtures.CONFIG, loaded.info().training().config(), "the training configuration reads back typed and equal");
        assertEquals(Fixtures.SETTINGS, loaded.info().training().settings());
        assertTrue(events.warnings.isEmpty(), events.warnings.toString());
        assertTrue(events.infos.stream().anyMatch(m -> m.startsWith("checkpoint step-000400 written")), events.infos.toString());
    }

    @Test
    void theTrainingConfigurationIsATypedObjectInCheckpointJson() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, EventSink.NONE);
        store.save(new Checkpoint(Fixtures.info(7), Fixtures.weights(1), null, null));
        JsonNode training = Json.MAPPER.readTree(dir.resolve("step-000007").resolve(CheckpointStore.INFO).toFile()).path("training");
        JsonNode config = training.path("config");
        assertEquals("small", config.path("preset").asText());
        assertEquals("gpu", config.path("device").asText());
        assertEquals("lora", config.path("adaptation").path("kind").asText());
        assertEquals(4, config.path("adaptation").path("rank").asInt());
        assertEquals("epochs", config.path("schedule").path("unit").asText());
        assertEquals("[2,3]", config.path("schedule").path("milestones").toString());
        assertEquals(0.999, config.path("optimizer").path("emaDecay").asDouble(), 1e-6);
        assertEquals(900, config.path("run").path("maxSteps").asInt());
        assertEquals(0.9, config.path("lossWeights").path("code").asDouble(), 1e-6);
        assertEquals("[2,3]", training.path("settings").path("identify").path("schedule.milestones").toString());
        for (Adaptation a : List.of(new Adaptation.Full(), new Adaptation.Freeze(2, true), new Adaptation.Lora(8, 16f))) {
            String json = Json.write(a);
            assertEquals(a, Json.MAPPER.readValue(json, Adaptation.class), json);
        }
    }

    @Test
    void aCheckpointOfAnEarlierFidelLoadsWithItsConfigurationNotRecorded() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, EventSink.NONE);
        store.save(new Checkpoint(Fixtures.info(7), Fixtures.weights(1), null, null));
        Path info = dir.resolve("step-000007").resolve(CheckpointStore.INFO);
        for (String hyperparameters : List.of("{\"identify\":{\"schedule.milestones\":[100,200]},\"extend\":{},\"judge\":{}}",
                "{\"learningRate\":0.001,\"milestones\":[100,200]}")) {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(info.toFile());
            ObjectNode training = (ObjectNode) tree.get("training");
            training.remove("config");
            training.remove("settings");
            training.set("hyperparameters", Json.MAPPER.readTree(hyperparameters));
            Files.writeString(info, Json.write(tree));
            CheckpointInfo.Training read = CheckpointReader.readInfo(info).training();
            assertTrue(read.recordedConfig().isEmpty(), "no configuration recorded: " + hyperparameters);
            assertEquals(hyperparameters.startsWith("{\"identify"), read.settings().sorted(), hyperparameters);
            if (read.settings().sorted()) {
                List<String> changes = new SettingsFingerprint("finetune").identify("schedule.milestones", List.of(150, 300))
                        .changesSince(read.settings(), SettingsFingerprint.Kind.IDENTIFY);
                assertTrue(changes.contains("schedule.milestones changed: [100, 200] -> [150, 300]"), changes.toString());
            }
        }
    }

    @Test
    void inferenceCheckpointHasWeightsOnly() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(new Checkpoint(Fixtures.info(7), Fixtures.weights(7), null, null));
        Checkpoint loaded = CheckpointReader.open(dir.resolve("step-000007"), "baseCheckpoint").load(CheckpointCheck.none(), events);
        assertEquals(Fixtures.weights(7), loaded.weights());
        assertEquals(null, loaded.optimizer());
        assertEquals(null, loaded.state());
    }

    @Test
    void keepsTheLastKAndPointsAtTheNewest() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        for (long step = 100; step <= 500; step += 100) {
            store.save(Fixtures.checkpoint(step));
        }
        assertEquals(List.of("latest", "step-000300", "step-000400", "step-000500"), names());
        assertEquals(dir.resolve("step-000500"), store.latest().orElseThrow());
        assertTrue(events.infos.contains("removed checkpoint step-000100 (keeping the last 3)"), events.infos.toString());
    }

    @Test
    void savingTheSameStepAgainReplacesIt() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(Fixtures.checkpoint(100));
        store.save(new Checkpoint(Fixtures.info(100), Fixtures.weights(999), null, null));
        assertEquals(List.of("latest", "step-000100"), names());
        assertEquals(Fixtures.weights(999), CheckpointReader.open(dir.resolve("step-000100"), "x").weights());
    }

    @Test
    void aFailureMidWriteLeavesThePreviousCheckpointAsLatest() throws Exception {
        CheckpointStore.open(dir, 3, events).save(Fixtures.checkpoint(100));
        EventSink failing = new EventSink() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void progress(String task, long done, long total, String detail) {
                throw new IllegalStateException("disk full (simulated) after " + detail);
            }
        };
        CheckpointStore store = CheckpointStore.open(dir, 3, failing);
        assertThrows(IllegalStateException.class, () -> store.save(Fixtures.checkpoint(200)));
        assertEquals(List.of("latest", "step-000100"), names());
        assertEquals("step-000100", Files.readString(dir.resolve("latest")).strip());
        assertEquals(dir.resolve("step-000100"), store.latest().orElseThrow());
    }

    @Test
    void aKilledProcessLeavesNoHalfCheckpoint() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), CheckpointCrash.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("WRITING weights.safetensors", line);
        } finally {
            child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs in the child
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        List<String> left = names();
        assertEquals(3, left.size(), left.toString());
        assertTrue(left.get(0).startsWith(".tmp-step-000200-"), left.toString());
        assertTrue(Files.exists(dir.resolve(left.get(0)).resolve("weights.safetensors")));
        assertFalse(Files.exists(dir.resolve(left.get(0)).resolve("checkpoint.json")));
        assertEquals(List.of("latest", "step-000100"), left.subList(1, 3));
        assertEquals("step-000100", Files.readString(dir.resolve("latest")).strip());

        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        assertEquals(List.of("latest", "step-000100"), names());
        assertTrue(events.warnings.stream().anyMatch(w -> w.contains(".tmp-step-000200-") && w.contains("interrupted run")),
                events.warnings.toString());
        Path latest = store.latest().orElseThrow();
        assertEquals(dir.resolve("step-000100"), latest);
        assertEquals(Fixtures.weights(100), CheckpointReader.open(latest, "baseCheckpoint").weights());
    }

    @Test
    void resumesFromWhatTheLatestPointerNamesWhenItIsComplete() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(Fixtures.checkpoint(100));
        store.save(Fixtures.checkpoint(200));
        Files.createDirectory(dir.resolve("step-000300")); // no checkpoint.json: never complete
        assertEquals(dir.resolve("step-000200"), store.latest().orElseThrow());
        assertTrue(events.warnings.stream().anyMatch(w -> w.contains("step-000300") && w.contains("no checkpoint.json")), events.warnings.toString());

        Files.writeString(dir.resolve("latest"), "step-000100\n"); // e.g. a crash between the rename and the pointer
        assertEquals(dir.resolve("step-000100"), store.latest().orElseThrow());
        Files.writeString(dir.resolve("latest"), "step-000300\n");
        assertEquals(dir.resolve("step-000200"), store.latest().orElseThrow());
        assertTrue(events.warnings.stream().anyMatch(w -> w.contains("names step-000300, which is not a complete checkpoint")),
                events.warnings.toString());
    }

    @Test
    void resumingFromAnEarlierStepKeepsWhatItSaves() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 2, events);
        for (long step = 100; step <= 300; step += 100) {
            store.save(Fixtures.checkpoint(step));
        }
        store.save(Fixtures.checkpoint(150)); // a run resumed from an earlier checkpoint
        assertEquals(List.of("latest", "step-000150", "step-000300"), names());
        assertEquals(dir.resolve("step-000150"), store.latest().orElseThrow());
    }

    @Test
    void aTruncatedCheckpointIsNotResumedFrom() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(Fixtures.checkpoint(100));
        store.save(Fixtures.checkpoint(200));
        Path weights = dir.resolve("step-000200/weights.safetensors");
        Files.write(weights, java.util.Arrays.copyOf(Files.readAllBytes(weights), 100));
        assertEquals(dir.resolve("step-000100"), store.latest().orElseThrow());
        assertTrue(events.warnings.stream().anyMatch(w -> w.contains("weights.safetensors is 100 bytes")), events.warnings.toString());
    }

    @Test
    void resolvesAStoreToItsNewestCheckpoint() throws Exception {
        assertTrue(CheckpointStore.open(dir, 3, events).latest().isEmpty());
        FidelException e = assertThrows(FidelException.class, () -> CheckpointStore.resolve(dir, "baseCheckpoint", events));
        assertEquals("baseCheckpoint", e.setting());
        assertTrue(e.getMessage().startsWith("<baseCheckpoint> " + dir), e.getMessage());
        CheckpointStore.open(dir, 3, events).save(Fixtures.checkpoint(5));
        assertEquals(dir.resolve("step-000005"), CheckpointStore.resolve(dir, "baseCheckpoint", events));
        assertEquals(dir.resolve("step-000005"), CheckpointStore.resolve(dir.resolve("step-000005"), "baseCheckpoint", events));
    }
}
