package dev.fidel.audio;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.lists;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.Trials;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** The rates audio comes in, and any rate FFmpeg accepts, so both the tabled and the direct kernels are tried. */
    private static Trials<Integer> rates() {
        return ANY.alternate(ANY.choose(8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000), ANY.integers(8000, 96_000));
    }

    private static float[] sine(double hz, double amplitude, int rate, int samples) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** Root mean square of the middle half. */
    private static double rms(float[] x) {
        double sum = 0;
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /**
     * Any sine below 0.8 of the lower Nyquist frequency comes out as the same sine made at the new rate: same frequency,
     * amplitude and phase, sample by sample within 1 % of its amplitude (away from the ends, where the filter runs out
     * of input).
     */
    @Test
    void aSineKeepsItsFrequencyAmplitudeAndPhase() {
        forAll(300, rates().and(rates()).and(ANY.integers(20, 800)).and(ANY.integers(5, 95)).trials(), c -> {
            int from = c._1();
            int to = c._2();
            double hz = c._3() / 1000.0 * Math.min(from, to) / 2;
            double amplitude = c._4() / 100.0;
            float[] out = Resampler.resample(sine(hz, amplitude, from, from / 4), from, to);
            float[] expected = sine(hz, amplitude, to, out.length);
            for (int i = out.length / 10; i < out.length - out.length / 10; i++) {
                assertEquals(expected[i], out[i], 0.01 * amplitude, "sample " + i + " of a " + hz + " Hz sine, " + from + " Hz to " + to + " Hz");
            }
        });
    }

    /** {@code round(n * to / from)} samples: the clip lasts as long as it did. */
    @Test
    void theLengthIsTheInputsDurationAtTheNewRate() {
        forAll(300, ANY.integers(0, 3000).and(rates()).and(rates()).trials(), c -> {
            int n = c._1();
            assertEquals(Math.round((double) n * c._3() / c._2()), Resampler.resample(new float[n], c._2(), c._3()).length,
                    n + " samples from " + c._2() + " Hz to " + c._3() + " Hz");
        });
    }

    /** The same rate gives the same samples, in a new array (the caller may change either). */
    @Test
    void theSameRateIsTheIdentity() {
        forAll(300, lists(ANY.integers(-32768, 32767), 0, 200).and(rates()).trials(), c -> {
            List<Integer> values = c._1();
            float[] samples = new float[values.size()];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = values.get(i) / 32768f;
            }
            float[] out = Resampler.resample(samples, c._2(), c._2());
            assertArrayEquals(samples, out);
            assertNotSame(samples, out);
        });
    }

    @Test
    void tonesAboveTheNewNyquistFrequencyDoNotAlias() {
        float[] out = Resampler.resample(sine(10_000, 1, 22050, 22050), 22050, 16000);
        assertTrue(rms(out) < 0.02, "10 kHz must vanish at 16 kHz, rms " + rms(out));
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 0, 16000));
        assertTrue(e.getMessage().contains("0 Hz"), e.getMessage());
    }
}
