package dev.fidel.recognition.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user configuring {@code <recognizer>whisper</recognizer>} sees. */
class WhisperRecognizerTest {

    @TempDir
    Path dir;

    @Test
    void aMissingModelIsABuildErrorNamingTheSettingAndThePath() {
        Path missing = dir.resolve("models").resolve("ggml-small.bin");
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperRecognizer.open(WhisperSettings.of(missing)));
        assertEquals("whisperModel", e.setting());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("whisperModel"), e.getMessage());
    }

    @Test
    void anUnsetModelIsABuildError() {
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperRecognizer.open(WhisperSettings.of(null)));
        assertEquals("whisperModel", e.setting());
        assertTrue(e.getMessage().contains("whisperModel is not set"), e.getMessage());
    }

    @Test
    void anEnglishOnlyModelCannotTranscribeAmharic() throws Exception {
        SyntheticModel english = new SyntheticModel();
        english.header[0] = 51864;
        Path model = english.write(dir.resolve("ggml-tiny.en.bin"));
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperRecognizer.open(WhisperSettings.of(model)));
        assertTrue(e.getMessage().contains("English-only"), e.getMessage());
    }

    @Test
    void clipsOfAnyRateRoundTripThroughWhisperInOneChildProcess() throws Exception {
        Path model = SyntheticModel.saying("ሰላም").write(dir.resolve("ggml-says-selam.bin"));
        try (WhisperRecognizer whisper = WhisperRecognizer.open(WhisperSettings.of(model))) {
            // A second of sound, a clip shorter than whisper.cpp's one-second minimum (padded), and an empty clip
            // (heard as nothing, never sent to whisper.cpp), at the gate's rate and at rates a user's program writes.
            for (int rate : new int[] {22_050, 44_100, 8000}) {
                assertEquals(List.of("ሰላም", "", "ሰላም"), whisper.transcribe(List.of(tone(rate), new float[0], new float[rate / 5]), rate),
                        rate + " Hz");
            }
        }
    }

    @Test
    void emptyClipsAreHeardAsNothingWithoutStartingWhisper() throws Exception {
        // A model whisper.cpp refuses to load: had a child process started, the call would fail.
        SyntheticModel wrongType = new SyntheticModel();
        wrongType.types.put("decoder.ln.bias", GgmlType.F16);
        Path model = wrongType.write(dir.resolve("ggml-wrong-type.bin"));
        try (WhisperRecognizer whisper = WhisperRecognizer.open(WhisperSettings.of(model))) {
            assertEquals(List.of("", ""), whisper.transcribe(List.of(new float[0], new float[0]), 22_050));
            assertEquals(List.of(), whisper.transcribe(List.of(), 22_050));
        }
    }

    private static float[] tone(int rate) {
        float[] tone = new float[rate];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return tone;
    }

    @Test
    void aModelThatPassesValidationButWhisperRefusesIsABuildErrorNotACrash() throws Exception {
        SyntheticModel wrongType = new SyntheticModel();
        // Same elements, consistent layout, but whisper.cpp expects F32 here and refuses to load it.
        wrongType.types.put("decoder.ln.bias", GgmlType.F16);
        Path model = wrongType.write(dir.resolve("ggml-wrong-type.bin"));
        try (WhisperRecognizer whisper = WhisperRecognizer.open(WhisperSettings.of(model))) {
            FidelException cause = assertThrows(FidelException.class, () -> whisper.transcribe(List.of(new float[22050]), 22_050));
            System.out.println("[whisper] " + cause.getMessage());
            assertEquals("whisperModel", cause.setting());
            assertTrue(cause.getMessage().contains("whisper.cpp refused the model " + model), cause.getMessage());
            assertTrue(cause.getMessage().contains("decoder.ln.bias"), "whisper.cpp's own reason is quoted");
        }
    }
}
