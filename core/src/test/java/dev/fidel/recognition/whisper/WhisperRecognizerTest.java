package dev.fidel.recognition.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user configuring {@code <recognizer>whisper</recognizer>} sees. */
class WhisperRecognizerTest {

    private static final MelConfig INPUT = MelConfig.defaults(); // 22,050 Hz, as the gate synthesizes

    @TempDir
    Path dir;

    @Test
    void aMissingModelIsABuildErrorNamingTheSettingAndThePath() {
        Path missing = dir.resolve("models").resolve("ggml-small.bin");
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperRecognizer.open(WhisperSettings.of(missing, INPUT)));
        assertEquals("whisperModel", e.setting());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("whisperModel"), e.getMessage());
    }

    @Test
    void anUnsetModelIsABuildError() {
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperRecognizer.open(WhisperSettings.of(null, INPUT)));
        assertEquals("whisperModel", e.setting());
        assertTrue(e.getMessage().contains("whisperModel is not set"), e.getMessage());
    }

    @Test
    void anEnglishOnlyModelCannotTranscribeAmharic() throws Exception {
        SyntheticModel english = new SyntheticModel();
        english.header[0] = 51864;
        Path model = english.write(dir.resolve("ggml-tiny.en.bin"));
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperRecognizer.open(WhisperSettings.of(model, INPUT)));
        assertTrue(e.getMessage().contains("English-only"), e.getMessage());
    }

    @Test
    void melSpectrogramsAreRefusedWithAClearMessage() throws Exception {
        Path model = new SyntheticModel().write(dir.resolve("ggml-mini.bin"));
        try (WhisperRecognizer whisper = WhisperRecognizer.open(WhisperSettings.of(model, INPUT))) {
            WhisperFailure e = assertThrows(WhisperFailure.class, () -> whisper.transcribe(new float[10][80]));
            assertTrue(e.getMessage().contains("Whisper transcribes audio, not log-mel"), e.getMessage());
        }
    }

    @Test
    void audioRoundTripsThroughWhisperInAChildProcess() throws Exception {
        Path model = SyntheticModel.saying("ሰላም").write(dir.resolve("ggml-says-selam.bin"));
        try (WhisperRecognizer whisper = WhisperRecognizer.open(WhisperSettings.of(model, INPUT))) {
            assertEquals(INPUT, whisper.melConfig());
            // A second of sound and a clip shorter than whisper.cpp's one-second minimum (padded).
            float[] tone = new float[INPUT.sampleRate()];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / INPUT.sampleRate()));
            }
            assertEquals(List.of("ሰላም", "ሰላም"), whisper.transcribeClips(List.of(tone, new float[4000])));
        }
    }

    @Test
    void aModelThatPassesValidationButWhisperRefusesIsABuildErrorNotACrash() throws Exception {
        SyntheticModel wrongType = new SyntheticModel();
        // Same elements, consistent layout, but whisper.cpp expects F32 here and refuses to load it.
        wrongType.types.put("decoder.ln.bias", GgmlType.F16);
        Path model = wrongType.write(dir.resolve("ggml-wrong-type.bin"));
        try (WhisperRecognizer whisper = WhisperRecognizer.open(WhisperSettings.of(model, INPUT))) {
            WhisperFailure e = assertThrows(WhisperFailure.class, () -> whisper.transcribeAudio(new float[22050]));
            FidelException cause = e.fidelException();
            System.out.println("[whisper] " + cause.getMessage());
            assertEquals("whisperModel", cause.setting());
            assertTrue(cause.getMessage().contains("whisper.cpp refused the model " + model), cause.getMessage());
            assertTrue(cause.getMessage().contains("decoder.ln.bias"), "whisper.cpp's own reason is quoted");
        }
    }
}
