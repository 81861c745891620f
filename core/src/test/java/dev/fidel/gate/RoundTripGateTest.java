package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.recognition.CtcRecognizerConfig;
import dev.fidel.recognition.CtcTrainingConfig;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.training.TtsCheckpoints;
import dev.fidel.util.Json;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocabulary.VocabularyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code verify-roundtrip} runs, end to end on a tiny prepared corpus: a checkpoint with random
 * weights (written by {@link TtsCheckpoints}) is loaded, the built-in recognizer is trained on the real
 * recordings, the references are measured, and the model fails the gate with a report written.
 */
class RoundTripGateTest {

    static final MelConfig MEL = MelConfig.defaults();

    @Test
    void aCheckpointWithRandomWeightsFailsTheGateWithAFullReport(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/audio")).getParent();
        RecognizerCacheTest.split(data, "train", 8);
        RecognizerCacheTest.split(data, "val", 2);
        RecognizerCacheTest.split(data, "test", 2);
        Path text = Files.write(dir.resolve("text.txt"), List.of("ሰላም", "ቡና", "ሰላም ቡና", "ቡና ሰላም ነው"));
        Path vocabularyDir = dir.resolve("vocabulary");
        new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(List.of(), List.of(text), vocabularyDir,
                TrainerOptions.defaults().withVocabSize(700), null, NormalizerProfile.amharic(), false));
        List<float[][]> mels = new ArrayList<>();
        for (Recording r : Recording.read(data.resolve("train.jsonl"), MEL.sampleRate(), 0)) {
            mels.add(new MelSpectrogram(MEL).compute(r.samples()));
        }
        VqMelCodec codec = VqMelCodec.learn(mels, new VqMelCodec.Settings(16, 2, 2000, 5, 11));
        try (Vocabulary vocabulary = Vocabulary.load(vocabularyDir); NDManager manager = NDManager.newBaseManager()) {
            SpeechGpt model = new SpeechGpt(new GptConfig(32, 1, 2, 0f, vocabulary.size(), 16, 40, 64, 2, MEL.mels()));
            model.setInitializer(new SeededNormalInitializer(5, 0.5), Parameter.Type.WEIGHT);
            model.initialize(manager);
            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(store, 1, model, vocabulary, NormalizerProfile.amharic(), codec,
                    CheckpointInfo.Training.of(Map.of(), Json.MAPPER.valueToTree(Map.of()), 5, Map.of()), null,
                    Json.MAPPER.valueToTree(Map.of()));
        }
        List<String> log = new ArrayList<>();
        EventSink sink = CollectedEvents.into(log);
        Path out = dir.resolve("roundtrip");
        RoundTripGate.Request request = new RoundTripGate.Request(dir.resolve("checkpoints"), data, null, 0, 2, null, 16,
                RoundTripGate.RecognizerKind.BUILTIN, null, dir.resolve("recognizer"),
                new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1), new CtcTrainingConfig(4, 2e-3f, 2, 6, 60, 5f, 1), 0),
                new RoundTrip.Settings(0.35, null, 0.02, 3), out, 1, false);
        RoundTripReport report = new RoundTripGate(sink).run(request);
        System.out.printf("tiny checkpoint with random weights: round-trip CER %.3f%n", report.overall().cer());
        assertFalse(report.passed());
        assertThrows(VerdictException.class, () -> RoundTrip.check(report, 3));
        assertEquals(2, report.overall().sentences(), "the test split's texts by default");
        assertNotNull(report.recognizerOnRealRecordings());
        assertNotNull(report.codecCeiling());
        assertTrue(Files.readString(out.resolve(RoundTrip.REPORT_HTML)).contains("codec ceiling"));
        assertTrue(log.stream().anyMatch(l -> l.contains("round trip of 2 sentences")), log.toString());

        // Nothing changed: the earlier report is the answer, read back rather than measured again.
        log.clear();
        RoundTripReport again = new RoundTripGate(sink).run(request);
        assertEquals(report, again);
        assertTrue(log.stream().anyMatch(l -> l.contains("verify-roundtrip: up to date")), log.toString());
        assertFalse(log.stream().anyMatch(l -> l.contains("round trip of")), "nothing synthesized: " + log);
        // A different gate setting measures again.
        log.clear();
        RoundTripGate.Request stricter = new RoundTripGate.Request(request.checkpoint(), data, null, 0, 2, null, 16,
                RoundTripGate.RecognizerKind.BUILTIN, null, dir.resolve("recognizer"), request.recognizerSettings(),
                new RoundTrip.Settings(0.30, null, 0.02, 3), out, 1, false);
        assertEquals(0.30, new RoundTripGate(sink).run(stricter).maxCer());
        assertTrue(log.stream().anyMatch(l -> l.contains("inputs or settings changed")), log.toString());

        // Whisper configured without a model is a setup error naming the setting, never a silent skip.
        RoundTripGate.Request whisper = new RoundTripGate.Request(dir.resolve("checkpoints"), data, null, 0, 2, null, 16,
                RoundTripGate.RecognizerKind.WHISPER, null, dir.resolve("recognizer"), request.recognizerSettings(),
                new RoundTrip.Settings(0.35, null, 0.02, 3), dir.resolve("whisper"), 1, false);
        FidelException e = assertThrows(FidelException.class, () -> new RoundTripGate(sink).run(whisper));
        assertFalse(e instanceof VerdictException);
        assertEquals("whisperModel", e.setting());
    }
}
