package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.gate.GateRequest;
import dev.fidel.gate.Thresholds;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.TempoPerturbation;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify-roundtrip's parameters, {@code <synthesizer>} among them, as the gate's request. */
class VerifyRoundtripMojoTest {

    @TempDir
    Path dir;

    private VerifyRoundtripMojo mojo() {
        return MojoFixture.withDefaults(VerifyRoundtripMojo.class, dir);
    }

    private static SynthesizerParameter synthesizer(Object... fieldsAndValues) {
        SynthesizerParameter p = new SynthesizerParameter();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            MojoFixture.set(p, (String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return p;
    }

    private GateRequest.SynthesizerChoice choice(SynthesizerParameter p) throws FidelException {
        VerifyRoundtripMojo mojo = mojo();
        MojoFixture.set(mojo, "synthesizer", p);
        return mojo.request().synthesizer();
    }

    @Test
    void theDefaultsJudgeTheGoalsCheckpointWithTheBuiltInRecognizer() throws FidelException {
        Path fidel = dir.resolve("target/fidel");
        GateRequest r = mojo().request();
        assertEquals(new GateRequest.Sentences(fidel.resolve("data"), null, 40), r.sentences());
        assertEquals(new GateRequest.FromCheckpoint(fidel.resolve("checkpoints"), null, null, 0, 1234), r.synthesizer());
        assertEquals(new GateRequest.Listening(GateRequest.RecognizerKind.BUILTIN, null, fidel.resolve("recognizer"),
                RecognizerCache.Settings.withBudget(2500, 7200, TempoPerturbation.parse("0.7-1.2")), 0.2, 40), r.listening());
        assertEquals(new Thresholds(0.35, null, 0.02), r.thresholds());
        assertEquals(fidel.resolve("roundtrip"), r.outputDirectory());
        assertEquals(NormalizerDrift.FAIL, r.normalizerDrift());
    }

    @Test
    void everyParameterReachesItsOwnSetting() throws FidelException {
        VerifyRoundtripMojo mojo = mojo();
        Object[][] values = {{"data", new File("/d")}, {"sentences", new File("/s.txt")}, {"maxSentences", 7}, {"referenceSentences", 9},
            {"recognizer", "Whisper"}, {"whisperModel", new File("/ggml.bin")}, {"recognizerDirectory", new File("/r")},
            {"maxRecognizerCer", 0.15}, {"maxCer", 0.3}, {"baseline", new File("/b.json")}, {"tolerance", 0.01},
            {"outputDirectory", new File("/o")}, {"force", true}, {"normalizerDrift", "REPORT"}, {"checkpoint", new File("/c")},
            {"vocabulary", new File("/v")}, {"speakerReference", new File("/ref.wav")}, {"referenceFrames", 96}, {"seed", 5L}};
        for (Object[] v : values) {
            MojoFixture.set(mojo, (String) v[0], v[1]);
        }
        GateRequest r = mojo.request();
        assertEquals(new GateRequest.Sentences(Path.of("/d"), Path.of("/s.txt"), 7), r.sentences());
        assertEquals(new GateRequest.Listening(GateRequest.RecognizerKind.WHISPER, Path.of("/ggml.bin"), Path.of("/r"),
                RecognizerCache.Settings.withBudget(2500, 7200, TempoPerturbation.parse("0.7-1.2")), 0.15, 9), r.listening());
        assertEquals(new Thresholds(0.3, Path.of("/b.json"), 0.01), r.thresholds());
        assertEquals(new GateRequest.FromCheckpoint(Path.of("/c"), Path.of("/v"), Path.of("/ref.wav"), 96, 5), r.synthesizer());
        assertEquals(List.of(Path.of("/o"), true, NormalizerDrift.REPORT), List.of(r.outputDirectory(), r.force(), r.normalizerDrift()));
    }

    @Test
    void theRecognizersBudgetAndTempoReachTheBuiltInRecognizer() throws FidelException {
        VerifyRoundtripMojo mojo = mojo();
        MojoFixture.set(mojo, "recognizerSteps", 300);
        MojoFixture.set(mojo, "recognizerSeconds", 60.0);
        MojoFixture.set(mojo, "recognizerTempo", "off");
        assertEquals(RecognizerCache.Settings.withBudget(300, 60, TempoPerturbation.parse("off")), mojo.request().listening().builtIn());
    }

    @Test
    void anUnknownRecognizerListsTheChoicesAndNamesTheElementAndProperty() {
        VerifyRoundtripMojo mojo = mojo();
        MojoFixture.set(mojo, "recognizer", "vosk");
        FidelException e = assertThrows(FidelException.class, mojo::request);
        assertEquals("<recognizer> 'vosk' is not one of builtin, whisper (any case); -Dfidel.recognizer=... (check <recognizer>)",
                mojo.message(e));
    }

    @Test
    void aSynthesizerCheckpointReplacesTheGoalsCheckpoint() throws FidelException {
        assertEquals(new GateRequest.FromCheckpoint(Path.of("/mine"), null, null, 0, 1234),
                choice(synthesizer("checkpoint", new File("/mine"))));
    }

    @Test
    void aCommandKeepsItsArgumentsAndPlaceholdersVerbatimWithItsTimeoutDirectoryEnvironmentAndInputs() throws FidelException {
        List<String> args = List.of("tts", "--model_path", "/m/model.pth", "--text", "{text}", "--out_path", "{wav}", "$(rm -rf ~)");
        GateRequest.SynthesizerChoice c = choice(synthesizer("command", args, "timeoutSeconds", 30.0, "workingDirectory", new File("/w"),
                "environment", Map.of("CUDA_VISIBLE_DEVICES", "0"), "inputs", List.of(new File("/m/model.pth"), new File("/m/config.json"))));
        assertEquals(new GateRequest.FromCommand(args, 30.0, Path.of("/w"), Map.of("CUDA_VISIBLE_DEVICES", "0"),
                List.of(Path.of("/m/model.pth"), Path.of("/m/config.json"))), c);
    }

    @Test
    void aCommandAloneRunsInTheOutputFolderWithTwoMinutesPerCallAndNoInputs() throws FidelException {
        assertEquals(new GateRequest.FromCommand(List.of("speak", "{sentences}", "{outputDirectory}"), 120, null, Map.of(), List.of()),
                choice(synthesizer("command", List.of("speak", "{sentences}", "{outputDirectory}"))));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        FidelException e = assertThrows(FidelException.class,
                () -> choice(synthesizer("command", List.of("speak", "{wav}"), "timeoutSeconds", 0.0)));
        assertEquals("<synthesizer><timeoutSeconds> 0.0 must be positive", e.getMessage());
        assertEquals("synthesizer", e.setting());
    }

    @Test
    void recordingsAreAFolder() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("clips"));
        assertEquals(new GateRequest.FromRecordings(clips), choice(synthesizer("recordings", clips.toFile())));
        Path file = Files.writeString(dir.resolve("clip.wav"), "");
        FidelException e = assertThrows(FidelException.class, () -> choice(synthesizer("recordings", file.toFile())));
        assertEquals("<synthesizer><recordings> " + file + " is not a folder", e.getMessage());
    }

    @Test
    void twoKindsAreRefused() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("clips"));
        FidelException e = assertThrows(FidelException.class,
                () -> choice(synthesizer("command", List.of("speak", "{wav}"), "recordings", clips.toFile())));
        assertEquals("<synthesizer> names more than one of <checkpoint>, <command>, <recordings>: choose one", e.getMessage());
        assertThrows(FidelException.class, () -> choice(synthesizer("checkpoint", new File("/c"), "recordings", clips.toFile())));
    }

    @Test
    void anElementNamingNoKindIsRefusedRatherThanSilentlyJudgingTheCheckpoint() {
        FidelException e = assertThrows(FidelException.class, () -> choice(synthesizer("timeoutSeconds", 30.0)));
        assertEquals("<synthesizer> names none of <checkpoint>, <command>, <recordings>: choose one, or leave <synthesizer> out to judge "
                + "the goal's <checkpoint>", e.getMessage());
        assertEquals("synthesizer", e.setting());
    }
}
