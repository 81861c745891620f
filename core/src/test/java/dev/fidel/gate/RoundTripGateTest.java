package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
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
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.recognition.TestSplits;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.util.TorchEngine;
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
        Path data = TestSplits.data(dir);
        Path text = Files.write(dir.resolve("text.txt"), List.of("ሰላም", "ቡና", "ሰላም ቡና", "ቡና ሰላም ነው"));
        Path vocabularyDir = dir.resolve("vocabulary");
        new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(List.of(), List.of(text), vocabularyDir,
                TrainerOptions.defaults().withVocabSize(700), null, NormalizerProfile.amharic(), false));
        List<float[][]> mels = new ArrayList<>();
        for (Recording r : Recording.read(data.resolve("train.jsonl"), MEL.sampleRate(), 0)) {
            mels.add(new MelSpectrogram(MEL).compute(r.samples()));
        }
        VqMelCodec codec = VqMelCodec.learn(mels, new VqMelCodec.Settings(16, 2, 2000, 5, 11));
        try (Vocabulary vocabulary = Vocabulary.load(vocabularyDir); NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = new SpeechGpt(new GptConfig(32, 1, 2, 0f, vocabulary.size(), 16, 40, 64, 2, MEL.mels()));
            model.setInitializer(new SeededNormalInitializer(5, 0.5), Parameter.Type.WEIGHT);
            model.initialize(manager);
            CheckpointStore store = CheckpointStore.open(dir.resolve("checkpoints"), 2, EventSink.NONE);
            TtsCheckpoints.save(store, 1, model, vocabulary, NormalizerProfile.amharic(), codec,
                    CheckpointInfo.Training.of(Map.of(), null, null, 5, Map.of()), null, null);
        }
        List<String> log = new ArrayList<>();
        EventSink sink = CollectedEvents.into(log);
        Path out = dir.resolve("roundtrip");
        RecognizerCache.Settings tiny = new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1),
                new CtcTrainingConfig(4, 2e-3f, 2, 6, 60, 5f, 1, TempoPerturbation.defaults()), 0);
        // A 6-step recognizer reads little: its quality is not what this part checks (maxRecognizerCer 100).
        GateRequest request = request(dir, new GateRequest.FromCheckpoint(dir.resolve("checkpoints"), null, null, 16, 1),
                GateRequest.RecognizerKind.BUILTIN, tiny, 100, 0.35, out);
        RoundTripReport report = new RoundTripGate(sink).run(request);
        System.out.printf("tiny checkpoint with random weights: round-trip CER %.3f%n", report.overall().cer());
        assertFalse(report.passed());
        assertThrows(VerdictException.class, () -> Verdict.check(report));
        assertEquals(2, report.overall().sentences(), "the test split's texts by default");
        assertEquals(List.of("test0", "test1"), report.sentences().stream().map(SentenceResult::id).toList(), "ids: the utterance ids");
        assertTrue(Files.isRegularFile(out.resolve("audio/test0.wav")));
        assertEquals("checkpoint", report.synthesizer().get("kind"));
        assertNotNull(report.recognizerOnRealRecordings());
        assertNotNull(report.codecCeiling());
        assertTrue(Files.readString(out.resolve(RoundTrip.REPORT_HTML)).contains("codec ceiling"));
        assertTrue(log.stream().anyMatch(l -> l.contains("round trip of 2 sentences")), log.toString());
        // The listener's own report is written beside it and linked from the round-trip report.
        Path listenerReport = Path.of(report.inputs().get("listenerReport"));
        assertTrue(Files.isRegularFile(listenerReport), listenerReport.toString());
        assertTrue(Files.readString(out.resolve(RoundTrip.REPORT_HTML)).contains(listenerReport.toUri().toString()));

        // Nothing changed: the measurement is read back and judged again, nothing synthesized.
        log.clear();
        RoundTripReport again = new RoundTripGate(sink).run(request);
        assertEquals(report, again);
        assertTrue(log.stream().anyMatch(l -> l.contains("measurement up to date")), log.toString());
        assertFalse(log.stream().anyMatch(l -> l.contains("references:")), "nothing heard: " + log);
        // Only maxCer changed: judged again from the cached measurement, nothing synthesized or heard.
        log.clear();
        RoundTripReport lenient = new RoundTripGate(sink).run(request(dir, request.synthesizer(), GateRequest.RecognizerKind.BUILTIN,
                tiny, 100, 100, out));
        assertTrue(lenient.passed());
        assertEquals(report.overall(), lenient.overall());
        assertTrue(log.stream().anyMatch(l -> l.contains("measurement up to date")), log.toString());
        // A stricter listener requirement on the cached measurement: a setup error, not a verdict.
        FidelException deafCached = assertThrows(FidelException.class, () -> new RoundTripGate(sink).run(request(dir,
                request.synthesizer(), GateRequest.RecognizerKind.BUILTIN, tiny, -1, 0.35, out)));
        assertFalse(deafCached instanceof VerdictException);

        // The same 6-step recognizer under a real requirement: the build stops before judging, blaming the listener.
        Path strictOut = dir.resolve("strict");
        FidelException deaf = assertThrows(FidelException.class, () -> new RoundTripGate(sink).run(request(dir, request.synthesizer(),
                GateRequest.RecognizerKind.BUILTIN, tiny, 0.15, 0.35, strictOut)));
        assertFalse(deaf instanceof VerdictException, deaf.getMessage());
        assertTrue(deaf.getMessage().contains("the listener is unfit") && deaf.getMessage().contains("held-out REAL recordings with CER")
                && deaf.getMessage().contains("above maxRecognizerCer 0.150") && deaf.getMessage().contains("<recognizerSteps>"),
                deaf.getMessage());
        assertFalse(deaf.getMessage().contains("above maxCer"), deaf.getMessage());
        assertEquals("recognizerSteps", deaf.setting());
        assertFalse(Files.exists(strictOut.resolve(RoundTrip.REPORT_JSON)), "no verdict was written");
        // Starved of time (a busy runner): the safety limit cut it short; the error says so and names <recognizerSeconds>.
        RecognizerCache.Settings starved = new RecognizerCache.Settings(tiny.network(), new CtcTrainingConfig(4, 2e-3f, 2, 400, 1e-9, 5f, 1, TempoPerturbation.defaults()), 0);
        FidelException cut = assertThrows(FidelException.class, () -> new RoundTripGate(sink).run(request(dir, request.synthesizer(),
                GateRequest.RecognizerKind.BUILTIN, starved, 0.15, 0.35, dir.resolve("starved"))));
        assertFalse(cut instanceof VerdictException, cut.getMessage());
        assertTrue(cut.getMessage().contains("trained 0 of 400 steps, CUT SHORT by the time limit") && cut.getMessage().contains(
                "raise <recognizerSeconds>"), cut.getMessage());
        assertEquals("recognizerSeconds", cut.setting());

        // A folder of recordings (the real test clips, named by id) and a command (cp, no shell) are judged alike.
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        Files.copy(data.resolve("audio/test0.wav"), recordings.resolve("test0.wav"));
        RoundTripReport folder = new RoundTripGate(sink).run(request(dir, new GateRequest.FromRecordings(recordings),
                GateRequest.RecognizerKind.BUILTIN, tiny, 100, 100, dir.resolve("recordings-report")));
        assertEquals(ClipFinding.Kind.MISSING, folder.sentences().get(1).finding().kind());
        assertEquals(1.0, folder.sentences().get(1).cer());
        assertEquals(null, folder.sentences().get(0).finding());
        assertEquals("recordings", folder.synthesizer().get("kind"));
        GateRequest.FromCommand cp = new GateRequest.FromCommand(List.of("cp", data.resolve("audio/test0.wav").toAbsolutePath().toString(),
                "{wav}"), 30, null, Map.of(), List.of(data.resolve("audio/test0.wav")));
        RoundTripReport command = new RoundTripGate(sink).run(request(dir, cp, GateRequest.RecognizerKind.BUILTIN, tiny, 100, 100,
                dir.resolve("command-report")));
        assertEquals(folder.sentences().get(0).transcript(), command.sentences().get(0).transcript(), "the same clip is heard the same");
        assertTrue(command.synthesizer().keySet().stream().anyMatch(k -> k.startsWith("input ")), command.synthesizer().toString());
        assertTrue(Files.isRegularFile(dir.resolve("command-report/" + CommandSynthesizer.LOG_FOLDER + "/test1.stderr.txt")));
        // Issue 15, defect 10: a clip the user put where the gate's was is refused, never written over or deleted.
        byte[] theirs = "RIFF my own recording".getBytes();
        Files.write(dir.resolve("command-report/audio/test0.wav"), theirs);
        GateRequest forced = request(dir, cp, GateRequest.RecognizerKind.BUILTIN, tiny, 100, 100, dir.resolve("command-report"));
        GateRequest rerun = new GateRequest(forced.sentences(), forced.synthesizer(), forced.listening(), forced.thresholds(),
                forced.outputDirectory(), true, forced.normalizerProfile(), forced.normalizerDrift());
        FidelException mine = assertThrows(FidelException.class, () -> new RoundTripGate(sink).run(rerun));
        assertTrue(mine.getMessage().contains("audio/test0.wav"), mine.getMessage());
        assertArrayEquals(theirs, Files.readAllBytes(dir.resolve("command-report/audio/test0.wav")));
        // The clips Fidel wrote are its own to replace.
        Files.delete(dir.resolve("command-report/audio/test0.wav"));
        new RoundTripGate(sink).run(rerun);
        assertTrue(Files.isRegularFile(dir.resolve("command-report/audio/test0.wav")));

        // Whisper configured without a model is a setup error naming the setting, never a silent skip.
        FidelException e = assertThrows(FidelException.class, () -> new RoundTripGate(sink).run(request(dir, request.synthesizer(),
                GateRequest.RecognizerKind.WHISPER, tiny, 100, 0.35, dir.resolve("whisper"))));
        assertFalse(e instanceof VerdictException);
        assertEquals("whisperModel", e.setting());
    }

    static GateRequest request(Path dir, GateRequest.SynthesizerChoice synthesizer, GateRequest.RecognizerKind kind,
            RecognizerCache.Settings recognizer, double maxRecognizerCer, double maxCer, Path out) {
        return new GateRequest(new GateRequest.Sentences(dir.resolve("data"), null, 0), synthesizer,
                new GateRequest.Listening(kind, null, dir.resolve("recognizer"), recognizer, maxRecognizerCer, 2),
                new Thresholds(maxCer, null, 0.02), out, false, null, null);
    }
}
