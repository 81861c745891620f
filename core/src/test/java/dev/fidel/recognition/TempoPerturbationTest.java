package dev.fidel.recognition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TempoPerturbationTest {

    /** 100 frames of 8 bands: frame t has band m at value t * 10 + m (a ramp in time, a fixed spectral shape). */
    private static float[][] ramp() {
        float[][] mel = new float[100][8];
        for (int t = 0; t < mel.length; t++) {
            for (int m = 0; m < 8; m++) {
                mel[t][m] = t * 10 + m;
            }
        }
        return mel;
    }

    @Test
    void slowerSpeechHasMoreFramesFasterFewerAndTheSpectrumIsUntouched() {
        float[][] mel = ramp();
        float[][] slow = TempoPerturbation.stretch(mel, 0.8);
        float[][] fast = TempoPerturbation.stretch(mel, 1.25);
        assertEquals(125, slow.length);
        assertEquals(80, fast.length);
        // Frame i is the source at time i * factor: time moves, the shape across bands (pitch, formants) does not.
        assertArrayEquals(new float[] {80, 81, 82, 83, 84, 85, 86, 87}, slow[10], 1e-4f);
        assertArrayEquals(new float[] {125, 126, 127, 128, 129, 130, 131, 132}, fast[10], 1e-4f);
        for (float[] frame : slow) {
            for (int m = 1; m < 8; m++) {
                assertEquals(1f, frame[m] - frame[m - 1], 1e-3f);
            }
        }
        assertEquals(10, mel[1][0], "the input is not changed");
        assertSame(mel, TempoPerturbation.stretch(mel, 1));
    }

    @Test
    void factorsAreDrawnInRangeAndTheSameSeedGivesTheSameFactors() {
        TempoPerturbation tempo = TempoPerturbation.defaults();
        Random a = new Random(42);
        Random b = new Random(42);
        double min = 2;
        double max = 0;
        for (int i = 0; i < 10_000; i++) {
            double f = tempo.draw(a);
            assertEquals(f, tempo.draw(b));
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertTrue(min >= 0.7 && min < 0.71 && max <= 1.2 && max > 1.19, min + ".." + max);
        assertEquals(1.0, TempoPerturbation.NONE.draw(a));
        assertFalse(TempoPerturbation.NONE.enabled());
    }

    @Test
    void theSettingIsParsedOrRefusedNamingIt() throws Exception {
        assertEquals(new TempoPerturbation(0.8, 1.2), TempoPerturbation.parse(" 0.8-1.2 "));
        assertEquals(TempoPerturbation.NONE, TempoPerturbation.parse("off"));
        for (String bad : new String[] {"1.2-0.8", "fast", "0-1", "0.8", ""}) {
            FidelException e = assertThrows(FidelException.class, () -> TempoPerturbation.parse(bad), bad);
            assertTrue(e.getMessage().contains("<recognizerTempo> (-Dfidel.recognizer.tempo)"), e.getMessage());
        }
    }
}
