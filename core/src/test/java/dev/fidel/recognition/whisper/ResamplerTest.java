package dev.fidel.recognition.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static float[] tone(double hz, int rate, int samples) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return out;
    }

    /** Root mean square away from the edges. */
    private static double rms(float[] x) {
        double sum = 0;
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @Test
    void speechBandTonesKeepTheirLevelAndDurationAt16kHz() {
        float[] out = Resampler.resample(tone(1000, 22050, 22050), 22050, 16000);
        assertEquals(16000, out.length);
        assertEquals(Math.sqrt(0.5), rms(out), 0.01);
        // Still a 1 kHz sine: compare with one made at 16 kHz.
        float[] expected = tone(1000, 16000, 16000);
        for (int i = 4000; i < 12000; i++) {
            assertEquals(expected[i], out[i], 0.01, "sample " + i);
        }
    }

    @Test
    void tonesAboveTheNewNyquistFrequencyDoNotAlias() {
        float[] out = Resampler.resample(tone(10_000, 22050, 22050), 22050, 16000);
        assertTrue(rms(out) < 0.02, "10 kHz must vanish at 16 kHz, rms " + rms(out));
    }
}
