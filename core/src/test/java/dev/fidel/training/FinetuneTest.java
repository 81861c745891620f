package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.config.Adaptation;
import dev.fidel.config.ComputeDevice;
import dev.fidel.config.Schedule;
import dev.fidel.data.Utterance;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.util.FileSnapshot;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return FinetuneRequest.defaults(data, vocabulary, out).toBuilder().maxSteps(4).warmupSteps(1).checkpointEvery(2)
                .minImprovement(-1f).build();
    }

    @Test
    void learningRateZeroFailsTheImprovementCheck() {
        FinetuneRequest r = request(dir.resolve("out")).toBuilder().learningRate(0f).milestones(List.of(), Schedule.Unit.STEPS)
                .minImprovement(0.01f).build();
        VerdictException e = assertThrows(VerdictException.class, () -> new Finetune(EventSink.NONE).run(r));
        assertTrue(e.getMessage().contains("did not learn"), e.getMessage());
        assertTrue(e.getMessage().contains("<minImprovement>"), e.getMessage());
        assertEquals("minImprovement", e.setting());
        assertTrue(Files.isRegularFile(dir.resolve("out/" + Finetune.METRICS)));
        assertTrue(Files.isDirectory(dir.resolve("out/step-000004")), "the checkpoint is kept to inspect");
    }

    @Test
    void gpuAndBadModeSettingsAreRefusedNamingTheirElement() {
        FinetuneRequest d = request(dir.resolve("out"));
        FidelException gpu = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(d.toBuilder().device(ComputeDevice.GPU).build()));
        assertEquals("device", gpu.setting());
        FidelException clip = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(d.toBuilder().clipNorm(-1f).build()));
        assertEquals("clipNorm", clip.setting());
        assertTrue(clip.getMessage().contains("<clipNorm> -1.0 must be"), clip.getMessage());
        assertTrue(gpu.getMessage().contains("no CUDA engine"), gpu.getMessage());
        Path base = dir.resolve("base");
        FidelException noBase = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(d.toBuilder()
                .mode(Adaptation.Kind.LORA).freeze(0, false).lora(8, 16f).build()));
        assertEquals("baseCheckpoint", noBase.setting());
        assertTrue(noBase.getMessage().contains("<mode> lora"), noBase.getMessage());
        FidelException rank = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(
                d.toBuilder().baseCheckpoint(base).vocabulary(vocabulary).outputDirectory(dir.resolve("out")).mode(Adaptation.Kind.LORA)
                        .freeze(0, false).lora(0, 16f).build()));
        assertEquals("loraRank", rank.setting());
        assertTrue(rank.getMessage().contains("<loraRank> 0 must be at least 1"), rank.getMessage());
        FidelException alpha = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(
                d.toBuilder().baseCheckpoint(base).vocabulary(vocabulary).outputDirectory(dir.resolve("out")).mode(Adaptation.Kind.LORA)
                        .freeze(0, false).lora(8, 0f).build()));
        assertEquals("loraAlpha", alpha.setting());
        FidelException nothing = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(d.toBuilder()
                .mode(Adaptation.Kind.FREEZE).freeze(0, false).lora(8, 16f).build()));
        assertEquals("freezeLayers", nothing.setting());
        assertTrue(nothing.getMessage().contains("freezes nothing"), nothing.getMessage());
    }

    @Test
    void aLoraRunSavesMergedWeightsThatLoadPlainlyAndResumesItsAdapters() throws Exception {
        FinetuneResult base = new Finetune(EventSink.NONE).run(request(dir.resolve("base")).toBuilder().maxSteps(2)
                .warmupSteps(1).checkpointEvery(10).build());
        Path out = dir.resolve("lora");
        FinetuneRequest r = request(out).toBuilder().maxSteps(3).warmupSteps(1).checkpointEvery(2)
                .baseCheckpoint(base.checkpoint()).vocabulary(vocabulary).outputDirectory(out).mode(Adaptation.Kind.LORA).freeze(0, false)
                .lora(4, 8f).build();
        List<String> log = new ArrayList<>();
        FinetuneResult first = new Finetune(events(log)).run(r);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("LoRA rank 4, alpha 8.0")), log.toString());
        // nano: 4 blocks x 16 x rank x width trained values; everything else frozen.
        assertTrue(log.stream().anyMatch(l -> l.contains(String.format("%,d trained (lora)", 4 * 16 * 4 * 256))), log.toString());
        try (TtsCheckpoint before = TtsCheckpoints.load(base.checkpoint(), CheckpointCheck.none(), EventSink.NONE);
                TtsCheckpoint after = TtsCheckpoints.load(first.checkpoint(), CheckpointCheck.none(), EventSink.NONE)) {
            SafeTensors wa = DjlTensors.weights(before.model().getParameters());
            SafeTensors wb = DjlTensors.weights(after.model().getParameters());
            assertEquals(wa.tensors().keySet(), wb.tensors().keySet());
            int adapted = 0;
            for (String name : wa.tensors().keySet()) {
                if (name.matches("\\d*block\\d+_\\d*(queryKeyValue|attentionOut|expand|contract)_weight")) {
                    assertFalse(java.util.Arrays.equals(wa.get(name).floats(), wb.get(name).floats()), name + ": adapters merged in");
                    adapted++;
                } else {
                    assertArrayEquals(wa.get(name).floats(), wb.get(name).floats(), 0f, name + " stays the base's");
                }
            }
            assertEquals(16, adapted);
            java.util.SortedMap<String, com.fasterxml.jackson.databind.JsonNode> identify = after.info().training().settings().identify();
            assertEquals("lora", identify.get("adaptation.mode").asText());
            assertEquals(4, identify.get("adaptation.loraRank").asInt());
            assertEquals(new Adaptation.Lora(4, 8f), after.trainingConfig().orElseThrow().adaptation(), "the checkpoint records the adaptation typed");
            assertEquals(8.0, identify.get("adaptation.loraAlpha").asDouble());
            assertTrue(after.optimizer().tensors().containsKey("lora/block3.contract.loraB"));
            assertTrue(after.optimizer().tensors().containsKey("mean/block3.contract.loraB"));
        }
        // Killed after step 2: the resumed run takes the adapters of step 2 and ends at step 3.
        deleteTree(out.resolve("step-000003"));
        Files.delete(out.resolve(Fingerprint.FILE_NAME));
        Files.writeString(out.resolve(CheckpointStore.LATEST), "step-000002\n");
        FinetuneResult resumed = new Finetune(EventSink.NONE).run(r);
        assertEquals(2, resumed.resumedFrom());
        assertEquals(3, resumed.steps());
        // The resumed weights are the base plus the adapters of its training state (not merged twice).
        try (TtsCheckpoint before = TtsCheckpoints.load(base.checkpoint(), CheckpointCheck.none(), EventSink.NONE);
                TtsCheckpoint after = TtsCheckpoints.load(resumed.checkpoint(), CheckpointCheck.none(), EventSink.NONE)) {
            SafeTensors wa = DjlTensors.weights(before.model().getParameters());
            SafeTensors wb = DjlTensors.weights(after.model().getParameters());
            String name = wa.tensors().keySet().stream().filter(n -> n.matches("\\d*block0_\\d*queryKeyValue_weight")).findFirst()
                    .orElseThrow();
            float[] w = wa.get(name).floats();
            float[] a = after.optimizer().get("lora/block0.queryKeyValue.loraA").floats();
            float[] b = after.optimizer().get("lora/block0.queryKeyValue.loraB").floats();
            int in = (int) wa.get(name).shape()[1];
            int rank = 4;
            float[] merged = w.clone();
            for (int o = 0; o < merged.length / in; o++) {
                for (int i = 0; i < in; i++) {
                    for (int k = 0; k < rank; k++) {
                        merged[o * in + i] += 2f * b[o * rank + k] * a[k * in + i];
                    }
                }
            }
            assertArrayEquals(merged, wb.get(name).floats(), 1e-5f);
        }
        // A rank above the model width is refused once the base's width is known.
        FidelException e = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(
                r.toBuilder().baseCheckpoint(base.checkpoint()).vocabulary(vocabulary).outputDirectory(dir.resolve("wide"))
                        .mode(Adaptation.Kind.LORA).freeze(0, false).lora(300, 8f).build()));
        assertEquals("loraRank", e.setting());
        assertTrue(e.getMessage().contains("exceeds the model width 256"), e.getMessage());
    }

    @Test
    void epochMilestonesAreConvertedToStepsAndLogged() throws Exception {
        List<String> log = new ArrayList<>();
        FinetuneRequest base = request(dir.resolve("out"));
        // 16 one-second utterances of 90 padded frames, 4 to a batch of 400 frames: 4 batches per epoch.
        FinetuneRequest r = base.toBuilder().milestones(List.of(1, 2), Schedule.Unit.EPOCHS).maxSteps(9).batchFrames(400).seed(7)
                .checkpointEvery(10).keep(2).build();
        FinetuneResult result = new Finetune(events(log)).run(r);
        List<Integer> steps = result.milestoneSteps();
        assertTrue(steps.get(0) > 1, "an epoch has several batches here: " + steps);
        assertEquals(2 * steps.get(0), steps.get(1));
        assertTrue(log.stream().anyMatch(l -> l.contains("milestones [1, 2] in epochs are optimizer steps " + steps + " ("
                + steps.get(0) + " batches per epoch")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("milestone step " + steps.get(1) + " reached")), log.toString());
        // A milestone that would fall after the last step never lowers the rate: refused, not ignored; and the
        // refused run leaves the previous run's checkpoints in the same folder as they were.
        Path last = dir.resolve("out").resolve(result.checkpoint().getFileName());
        byte[] weights = Files.readAllBytes(last.resolve(CheckpointStore.WEIGHTS));
        FidelException late = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(r.toBuilder().milestones(List.of(1, 3), Schedule.Unit.EPOCHS).build()));
        assertEquals("milestones", late.setting());
        assertTrue(late.getMessage().contains("is not before <maxSteps> 9"), late.getMessage());
        assertArrayEquals(weights, Files.readAllBytes(last.resolve(CheckpointStore.WEIGHTS)));
        assertEquals(last.getFileName().toString(), Files.readString(dir.resolve("out").resolve(CheckpointStore.LATEST)).strip());
        assertTrue(Files.isRegularFile(dir.resolve("out").resolve("metrics.jsonl")));
    }

    @Test
    void finetuneNeverRemovesOrOverwritesWhatItDidNotWrite() throws Exception {
        Path out = Files.createDirectories(dir.resolve("run"));
        Files.writeString(out.resolve("notes.txt"), "lr sweep, second try");
        new Finetune(EventSink.NONE).run(request(out));
        new Finetune(EventSink.NONE).run(request(out).toBuilder().force(true).build()); // another run: the first one's entries go
        assertEquals("lr sweep, second try", Files.readString(out.resolve("notes.txt")));
        // The reproduction: a base checkpoint inside outputDirectory used to be deleted and replaced (one WARNING).
        Map<String, String> before = FileSnapshot.of(dir);
        Path base = out.resolve("step-000004");
        FidelException inside = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(
                request(out).toBuilder().baseCheckpoint(base).build()));
        assertEquals("outputDirectory", inside.setting());
        assertTrue(inside.getMessage().contains("holds <baseCheckpoint>"), inside.getMessage());
        assertEquals(before, FileSnapshot.of(dir));
        // Entries named like finetune's own that it did not write: refused before anything is written, all kept.
        Path other = Files.createDirectories(dir.resolve("other/.tmp-step-000001-mine"));
        Files.writeString(other.resolve("x.bin"), "someone's temporary file");
        Files.writeString(dir.resolve("other/latest"), "my pointer");
        Files.writeString(dir.resolve("other/metrics.jsonl"), "{\"mine\": 1}\n");
        before = FileSnapshot.of(dir);
        FidelException foreign = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(request(dir.resolve("other"))));
        assertEquals("outputDirectory", foreign.setting());
        assertTrue(foreign.getMessage().contains(".tmp-step-000001-mine, latest, metrics.jsonl"), foreign.getMessage());
        assertEquals(before, FileSnapshot.of(dir));
        assertFalse(Files.exists(dir.resolve("other").resolve(OwnedFolder.MARKER)));
    }

    @Test
    void aKilledRunResumesAtTheSavedStepWithTheSameLearningRate() throws Exception {
        Path out = dir.resolve("out");
        FinetuneRequest r = request(out).toBuilder().maxSteps(6).warmupSteps(4).checkpointEvery(3).build();
        FinetuneResult first = new Finetune(EventSink.NONE).run(r);
        assertEquals(6, first.steps());
        byte[] uninterrupted = Files.readAllBytes(out.resolve("step-000006").resolve(CheckpointStore.WEIGHTS));
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
        // Dropout is seeded by optimizer step, so the resumed run ends exactly where the uninterrupted one did.
        assertArrayEquals(uninterrupted, Files.readAllBytes(out.resolve("step-000006").resolve(CheckpointStore.WEIGHTS)));
        assertEquals(first.endValidationCodeCe(), resumed.endValidationCodeCe());
        // Step 4's learning rate (warm-up of 4 steps) is the same in both runs; the killed run's lines after
        // step 3 were dropped, so metrics.jsonl has step 4 once.
        List<Double> rates = trainRates(out, 4);
        assertEquals(1, rates.size(), rates.toString());
        assertEquals(rateAt4, rates.get(0));
        // Up to date now: a third run does nothing.
        assertTrue(new Finetune(EventSink.NONE).run(r).upToDate());
    }

    @Test
    void accumulatedStepsDriveScheduleAndCheckpointsAndTheAverageIsWhatIsSaved() throws Exception {
        Path out = dir.resolve("out");
        FinetuneRequest r = request(out).toBuilder().batchFrames(200).maxSteps(3).warmupSteps(2).checkpointEvery(2)
                .gradAccumSteps(2).emaDecay(0.9f).build();
        List<String> log = new ArrayList<>();
        FinetuneResult result = new Finetune(events(log)).run(r);
        assertEquals(3, result.steps());
        List<com.fasterxml.jackson.databind.JsonNode> train = Files.readAllLines(out.resolve(Finetune.METRICS)).stream().map(this::tree)
                .filter(n -> n.path("kind").asText().equals("train")).toList();
        assertEquals(List.of(1, 2, 3), train.stream().map(n -> n.get("step").asInt()).toList());
        assertEquals(List.of(2L, 4L, 6L), train.stream().map(n -> n.get("batches").asLong()).toList(), "two batches per optimizer step");
        // Warm-up over 2 optimizer steps: half the rate at step 1, the full rate after.
        assertEquals(List.of(0.5e-3f, 1e-3f, 1e-3f), train.stream().map(n -> n.get("learningRate").floatValue()).toList());
        assertTrue(Files.isDirectory(out.resolve("step-000002")), "<checkpointEvery> 2 counts optimizer steps");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("gradient accumulation: 2 batches")), log.toString());
        // The checkpoint's weights are the average; the trained weights wait in the training state; provenance has the decay.
        SafeTensors state = SafeTensors.read(out.resolve("step-000003").resolve(CheckpointStore.OPTIMIZER));
        assertTrue(state.tensors().keySet().stream().anyMatch(k -> k.startsWith(WeightAverage.TRAINED)), state.tensors().keySet().toString());
        assertEquals(0.9, tree(Files.readString(out.resolve("step-000003").resolve(CheckpointStore.INFO))).path("training")
                .path("settings").path("identify").path("optimizer.emaDecay").asDouble(), 1e-6);
    }

    @Test
    void oneVeryLongUtteranceIsSkippedAndTheRestTrainsWithinTheFrameBudget() throws Exception {
        float[] samples = new float[5 * 22050];
        for (int t = 0; t < samples.length; t++) {
            samples[t] = (float) (0.3 * Math.sin(2 * Math.PI * 150 * t / 22050));
        }
        writeWav(data.resolve("wav/long.wav"), samples);
        List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("train.jsonl")));
        String text = TrainingFixtures.lines().get(3);
        lines.add(Json.line(new Utterance("long", "s0", "wav/long.wav", 5.0, text, text)));
        Path manifest = data.resolve("train-long.jsonl");
        Files.write(manifest, lines);
        FinetuneRequest base = request(dir.resolve("out")).toBuilder().batchFrames(400).maxSteps(2).warmupSteps(1)
                .checkpointEvery(2).build();
        FinetuneRequest r = base.toBuilder().manifests(manifest, base.validationManifest()).seed(7).keep(2).build();
        List<String> warnings = new ArrayList<>();
        FinetuneResult result = new Finetune(new EventSink() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        }).run(r);
        assertEquals(2, result.steps());
        // ~430 mel frames (5 s, 2 frames per code + start/stop) cannot fit 400 frames even alone; the 1 s clips (~90) can.
        assertTrue(warnings.contains("1 training utterance(s) exceed <batchFrames> 400 alone: skipped"), warnings.toString());
    }

    @Test
    void aBaseWithAnotherVocabularyIsResizedKeepingSharedPieces() throws Exception {
        Path baseOut = dir.resolve("base");
        FinetuneResult base = new Finetune(EventSink.NONE).run(request(baseOut).toBuilder().maxSteps(2).warmupSteps(1)
                .checkpointEvery(10).build());
        Path otherVocabulary = TrainingFixtures.vocabulary(dir.resolve("v800"), 800);
        FinetuneRequest r = request(dir.resolve("tuned")).toBuilder().maxSteps(1).warmupSteps(1).checkpointEvery(10)
                .learningRate(0f).milestones(List.of(), Schedule.Unit.STEPS).baseCheckpoint(base.checkpoint()).vocabulary(otherVocabulary)
                .outputDirectory(dir.resolve("tuned")).build();
        FinetuneResult tuned = new Finetune(EventSink.NONE).run(r);
        assertTrue(tuned.resize().startsWith("copied "), tuned.resize());
        try (TtsCheckpoint before = TtsCheckpoints.load(base.checkpoint(), CheckpointCheck.none(), EventSink.NONE);
                TtsCheckpoint after = TtsCheckpoints.load(tuned.checkpoint(), CheckpointCheck.none(), EventSink.NONE);
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

    @Test
    void raisingMaxStepsContinuesFromTheLastCheckpointAndEndsWhereAnUninterruptedRunDoes() throws Exception {
        Path out = dir.resolve("out");
        new Finetune(EventSink.NONE).run(request(out).toBuilder().maxSteps(4).warmupSteps(1).checkpointEvery(2).build());
        List<String> log = new ArrayList<>();
        FinetuneResult raised = new Finetune(events(log)).run(request(out).toBuilder().maxSteps(6).warmupSteps(1)
                .checkpointEvery(2).build());
        assertEquals(4, raised.resumedFrom());
        assertEquals(6, raised.steps());
        assertTrue(log.stream().anyMatch(l -> l.contains("run.maxSteps changed: 4 -> 6 (continues the run)")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("(2 in this run")), "only the two new steps are trained: " + log);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), trainSteps(out), "metrics.jsonl holds each step once");

        Path straight = dir.resolve("straight");
        new Finetune(EventSink.NONE).run(request(straight).toBuilder().maxSteps(6).warmupSteps(1).checkpointEvery(2).build());
        assertArrayEquals(Files.readAllBytes(straight.resolve("step-000006").resolve(CheckpointStore.WEIGHTS)),
                Files.readAllBytes(out.resolve("step-000006").resolve(CheckpointStore.WEIGHTS)), "raised == uninterrupted");
    }

    @Test
    void changingOnlyMinImprovementJudgesTheStoredResultAgainWithoutTraining() throws Exception {
        Path out = dir.resolve("out");
        FinetuneResult first = new Finetune(EventSink.NONE).run(request(out));
        Map<String, String> trained = FileSnapshot.of(out);
        trained.remove(Fingerprint.FILE_NAME);
        trained.remove(OwnedFolder.MARKER); // each run records its run id there

        List<String> log = new ArrayList<>();
        VerdictException strict = assertThrows(VerdictException.class,
                () -> new Finetune(events(log)).run(request(out).toBuilder().minImprovement(0.99f).build()));
        assertEquals("minImprovement", strict.setting());
        assertTrue(strict.getMessage().contains("did not learn"), strict.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("verdict.minImprovement changed: -1.0 -> 0.99 (judges the result again)")),
                log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("judging its stored validation loss again, without training")), log.toString());

        FinetuneResult lenient = new Finetune(EventSink.NONE).run(request(out).toBuilder().minImprovement(-0.5f).build());
        assertTrue(lenient.upToDate(), "nothing was trained");
        assertEquals(first.startValidationCodeCe(), lenient.startValidationCodeCe());
        assertEquals(first.endValidationCodeCe(), lenient.endValidationCodeCe());
        Map<String, String> after = FileSnapshot.of(out);
        after.remove(Fingerprint.FILE_NAME);
        after.remove(OwnedFolder.MARKER);
        assertEquals(trained, after, "no checkpoint, metric or curve was written again");
    }

    @Test
    void changingTheSeedOrTheScheduleStartsOverAndTheLogNamesEachChange() throws Exception {
        Path out = dir.resolve("out");
        new Finetune(EventSink.NONE).run(request(out).toBuilder().maxSteps(4).warmupSteps(1).checkpointEvery(2).build());
        List<String> log = new ArrayList<>();
        FinetuneRequest other = request(out).toBuilder().maxSteps(4).warmupSteps(1).checkpointEvery(2).seed(7)
                .milestones(List.of(3), Schedule.Unit.STEPS).build();
        FinetuneResult again = new Finetune(events(log)).run(other);
        assertEquals(0, again.resumedFrom());
        assertEquals(4, again.steps());
        String warning = log.stream().filter(l -> l.contains("are of another run")).findFirst().orElseThrow(() -> new AssertionError(log));
        assertTrue(warning.contains("run.seed changed: 20261122 -> 7"), warning);
        assertTrue(warning.contains("schedule.milestones changed: [] -> [3]"), warning);
        assertFalse(warning.contains("run.maxSteps"), warning);
        assertEquals(List.of(1, 2, 3, 4), trainSteps(out), "the earlier run's metrics went with its checkpoints");
    }

    @Test
    void aMaxStepsBelowTheTrainedStepsIsRefusedAndNothingChanges() throws Exception {
        Path out = dir.resolve("out");
        new Finetune(EventSink.NONE).run(request(out));
        Map<String, String> before = FileSnapshot.of(out);
        before.remove(OwnedFolder.MARKER); // each run records its run id there
        FidelException lowered = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(request(out)
                .toBuilder().maxSteps(3).warmupSteps(1).checkpointEvery(2).build()));
        assertEquals("maxSteps", lowered.setting());
        assertTrue(lowered.getMessage().contains("<maxSteps> 3 is below the 4 optimizer steps already trained"), lowered.getMessage());
        Map<String, String> after = FileSnapshot.of(out);
        after.remove(OwnedFolder.MARKER);
        assertEquals(before, after, "no checkpoint, metric or stamp changed");
    }

    private List<Integer> trainSteps(Path out) throws java.io.IOException {
        return Files.readAllLines(out.resolve(Finetune.METRICS)).stream().map(this::tree)
                .filter(n -> n.path("kind").asText().equals("train")).map(n -> n.get("step").asInt()).toList();
    }

    static EventSink events(List<String> log) {
        return CollectedEvents.into(log);
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
