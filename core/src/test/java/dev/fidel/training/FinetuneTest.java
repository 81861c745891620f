package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finetune service on a tiny synthetic corpus (tones named by Amharic lines). */
class FinetuneTest {

    @TempDir
    static Path shared;
    static Path data;
    static Path vocabulary;

    @TempDir
    Path dir;

    @BeforeAll
    static void corpus() throws Exception {
        vocabulary = TrainingFixtures.vocabulary(shared.resolve("v700"), 700);
        data = shared.resolve("data");
        Files.createDirectories(data.resolve("wav"));
        List<String> lines = TrainingFixtures.lines();
        Random random = new Random(1);
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            float[] samples = new float[22050];
            double f = 120 + 40 * (i % 5);
            for (int t = 0; t < samples.length; t++) {
                samples[t] = (float) (0.3 * Math.sin(2 * Math.PI * f * t / 22050) + 0.01 * random.nextGaussian());
            }
            String name = "wav/u" + i + ".wav";
            writeWav(data.resolve(name), samples);
            String text = lines.get(i * 7 % lines.size());
            String json = Json.line(new Utterance("u" + i, "s" + (i % 2), name, 1.0, text, text));
            (i < 16 ? train : validation).add(json);
        }
        Files.write(data.resolve("train.jsonl"), train);
        Files.write(data.resolve("val.jsonl"), validation);
    }

    static void writeWav(Path file, float[] samples) throws Exception {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            buf.putShort((short) Math.round(s * 32767));
        }
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(22050, 16, 1, true, false);
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(buf.array()), format, samples.length)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    static FinetuneRequest request(Path out) {
        return FinetuneRequest.defaults(data, vocabulary, out).withSteps(4, 1, 2).withMinImprovement(-1f);
    }

    @Test
    void learningRateZeroFailsTheImprovementCheck() {
        FinetuneRequest r = request(dir.resolve("out")).withLearningRate(0f, List.of(), "steps").withMinImprovement(0.01f);
        VerdictException e = assertThrows(VerdictException.class, () -> new Finetune(EventSink.NONE).run(r));
        assertTrue(e.getMessage().contains("did not learn"), e.getMessage());
        assertTrue(e.getMessage().contains("<minImprovement>"), e.getMessage());
        assertEquals("minImprovement", e.setting());
        assertTrue(Files.isRegularFile(dir.resolve("out/" + Finetune.METRICS)));
        assertTrue(Files.isDirectory(dir.resolve("out/step-000004")), "the checkpoint is kept to inspect");
    }

    @Test
    void gpuAndLoraAreRefusedNamingTheirElement() {
        FinetuneRequest d = request(dir.resolve("out"));
        FidelException gpu = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(new FinetuneRequest(
                d.trainManifest(), d.validationManifest(), d.vocabulary(), null, null, "nano", 1e-3f, 0.01f, List.of(), "steps", 0.5f,
                1, 3, 1, 2400, "full", 0, false, 0.01f, 1f, 7, "gpu", 10, 2, 0.2f, dir.resolve("out"), false)));
        assertEquals("device", gpu.setting());
        assertTrue(gpu.getMessage().contains("no CUDA engine"), gpu.getMessage());
        FidelException lora = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(new FinetuneRequest(
                d.trainManifest(), d.validationManifest(), d.vocabulary(), null, null, "nano", 1e-3f, 0.01f, List.of(), "steps", 0.5f,
                1, 3, 1, 2400, "lora", 0, false, 0.01f, 1f, 7, "cpu", 10, 2, 0.2f, dir.resolve("out"), false)));
        assertEquals("mode", lora.setting());
        assertTrue(lora.getMessage().contains("not implemented yet"), lora.getMessage());
    }

    @Test
    void epochMilestonesAreConvertedToStepsAndLogged() throws Exception {
        List<String> log = new ArrayList<>();
        FinetuneRequest base = request(dir.resolve("out"));
        // 16 one-second utterances of 90 padded frames, 4 to a batch of 400 frames: 4 batches per epoch.
        FinetuneRequest r = new FinetuneRequest(base.trainManifest(), base.validationManifest(), base.vocabulary(), null, null, "nano",
                1e-3f, 0.01f, List.of(1, 2), "epochs", 0.5f, 1, 9, 1, 400, "full", 0, false, 0.01f, 1f, 7, "cpu", 10, 2, -1f,
                dir.resolve("out"), false);
        FinetuneResult result = new Finetune(events(log)).run(r);
        List<Integer> steps = result.milestoneSteps();
        assertTrue(steps.get(0) > 1, "an epoch has several batches here: " + steps);
        assertEquals(2 * steps.get(0), steps.get(1));
        assertTrue(log.stream().anyMatch(l -> l.contains("milestones [1, 2] in epochs are optimizer steps " + steps + " ("
                + steps.get(0) + " batches per epoch")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("milestone step " + steps.get(1) + " reached")), log.toString());
        FidelException e = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(new FinetuneRequest(
                r.trainManifest(), r.validationManifest(), r.vocabulary(), null, null, "nano", 1e-3f, 0.01f, List.of(1), "epoch", 0.5f,
                1, 3, 1, 200, "full", 0, false, 0.01f, 1f, 7, "cpu", 10, 2, -1f, dir.resolve("out2"), false)));
        assertEquals("milestoneUnit", e.setting());
        // A milestone that would fall after the last step never lowers the rate: refused, not ignored.
        FidelException late = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(new FinetuneRequest(
                r.trainManifest(), r.validationManifest(), r.vocabulary(), null, null, "nano", 1e-3f, 0.01f, List.of(1, 3), "epochs", 0.5f,
                1, 9, 1, 400, "full", 0, false, 0.01f, 1f, 7, "cpu", 10, 2, -1f, dir.resolve("out3"), false)));
        assertEquals("milestones", late.setting());
        assertTrue(late.getMessage().contains("is not before <maxSteps> 9"), late.getMessage());
    }

    @Test
    void aKilledRunResumesAtTheSavedStepWithTheSameLearningRate() throws Exception {
        Path out = dir.resolve("out");
        FinetuneRequest r = request(out).withSteps(6, 4, 3);
        FinetuneResult first = new Finetune(EventSink.NONE).run(r);
        assertEquals(6, first.steps());
        // As if killed after the checkpoint of step 3: the later checkpoint and the completion mark are missing.
        deleteTree(out.resolve("step-000006"));
        Files.delete(out.resolve(Fingerprint.FILE_NAME));
        Files.writeString(out.resolve(CheckpointStore.LATEST), "step-000003\n");
        double rateAt4 = trainRates(out, 4).get(0);
        List<String> log = new ArrayList<>();
        FinetuneResult resumed = new Finetune(events(log)).run(r);
        assertEquals(3, resumed.resumedFrom());
        assertEquals(6, resumed.steps());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("resuming from step-000003: step 3")), log.toString());
        assertEquals(first.startValidationCodeCe(), resumed.startValidationCodeCe());
        // Step 4's learning rate (warm-up of 4 steps) is the same in both runs; the killed run's lines after
        // step 3 were dropped, so metrics.jsonl has step 4 once.
        List<Double> rates = trainRates(out, 4);
        assertEquals(1, rates.size(), rates.toString());
        assertEquals(rateAt4, rates.get(0));
        // Up to date now: a third run does nothing.
        assertTrue(new Finetune(EventSink.NONE).run(r).upToDate());
    }

    @Test
    void aBaseWithAnotherVocabularyIsResizedKeepingSharedPieces() throws Exception {
        Path baseOut = dir.resolve("base");
        FinetuneResult base = new Finetune(EventSink.NONE).run(request(baseOut).withSteps(2, 1, 10));
        Path otherVocabulary = TrainingFixtures.vocabulary(dir.resolve("v800"), 800);
        FinetuneRequest r = request(dir.resolve("tuned")).withSteps(1, 1, 10).withLearningRate(0f, List.of(), "steps")
                .withBase(base.checkpoint(), otherVocabulary, dir.resolve("tuned"));
        FinetuneResult tuned = new Finetune(EventSink.NONE).run(r);
        assertTrue(tuned.resize().startsWith("copied "), tuned.resize());
        try (LoadedTts before = TtsCheckpoints.load(base.checkpoint(), CheckpointCheck.none(), EventSink.NONE);
                LoadedTts after = TtsCheckpoints.load(tuned.checkpoint(), CheckpointCheck.none(), EventSink.NONE);
                Vocabulary a = Vocabulary.load(vocabulary);
                Vocabulary b = Vocabulary.load(otherVocabulary)) {
            SafeTensors wa = DjlTensors.weights(before.model().getParameters());
            SafeTensors wb = DjlTensors.weights(after.model().getParameters());
            String embedding = wa.tensors().keySet().stream().filter(n -> n.contains("textEmbedding")).findFirst().orElseThrow();
            int dim = (int) wa.get(embedding).shape()[1];
            float[] rowsA = wa.get(embedding).floats();
            float[] rowsB = wb.get(embedding).floats();
            assertEquals((b.size() + 2) * dim, rowsB.length);
            int shared = 0;
            for (int id = 0; id < b.size(); id++) {
                int inA = a.idOf(b.piece(id).text());
                if (inA >= 0) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(rowsA, inA * dim, inA * dim + dim),
                            java.util.Arrays.copyOfRange(rowsB, id * dim, id * dim + dim), 0f, b.piece(id).text());
                    shared++;
                }
            }
            assertTrue(shared > 600, "shared pieces " + shared);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode tree(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static EventSink events(List<String> log) {
        return new EventSink() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(message);
            }
        };
    }

    static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private List<Double> trainRates(Path out, int step) throws java.io.IOException {
        return Files.readAllLines(out.resolve(Finetune.METRICS)).stream().map(this::tree)
                .filter(n -> n.path("kind").asText().equals("train") && n.path("step").asInt() == step)
                .map(n -> n.get("learningRate").asDouble()).toList();
    }
}
