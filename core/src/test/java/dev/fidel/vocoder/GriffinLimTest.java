package dev.fidel.vocoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

public class GriffinLimTest {

    private static final MelConfig CONFIG = MelConfig.defaults();

    /** espeak-ng "am+m1" saying "የአሜሪካ መለኪያ ስርዓት", 22,050 Hz 16-bit mono. */
    static float[] espeakClip() throws Exception {
        try (InputStream raw = GriffinLimTest.class.getResourceAsStream("espeak-am-m1.wav");
                AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(raw))) {
            byte[] bytes = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getShort() / 32768f;
            }
            return out;
        }
    }

    /** Mean |difference| of log-mel over the cells within 6 nats of the loudest (speech, not silence). */
    public static double meanLogMelError(float[][] reference, float[][] other) {
        float peak = Float.NEGATIVE_INFINITY;
        for (float[] f : reference) {
            for (float v : f) {
                peak = Math.max(peak, v);
            }
        }
        double sum = 0;
        long n = 0;
        for (int t = 0; t < Math.min(reference.length, other.length); t++) {
            for (int m = 0; m < reference[t].length; m++) {
                if (reference[t][m] > peak - 6) {
                    sum += Math.abs(reference[t][m] - other[t][m]);
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void reanalysedOutputIsCloseToTheInputMelOfRealSpeech() throws Exception {
        MelSpectrogram spectrogram = new MelSpectrogram(CONFIG);
        float[][] mel = spectrogram.compute(espeakClip());
        float[] audio = GriffinLim.defaults(CONFIG).synthesize(mel);
        assertEquals((mel.length - 1) * CONFIG.hop(), audio.length);
        float[][] again = spectrogram.compute(audio);
        assertEquals(mel.length, again.length);
        double error = meanLogMelError(mel, again);
        // Random phase (no iterations) leaves the re-analysed mel far off; 32 iterations bring it close.
        double noIterations = meanLogMelError(mel, spectrogram.compute(new GriffinLim(CONFIG, 0, 0.99f, 0).synthesize(mel)));
        System.out.printf("Griffin-Lim log-mel error on speech cells: %.3f nats (no iterations: %.3f)%n", error, noIterations);
        assertTrue(error < 0.35, "mean log-mel error " + error);
        assertTrue(error < noIterations / 2, error + " vs " + noIterations);
    }

    /**
     * The default (24 iterations from the phase gradient) reconstructs speech at least as well as 32 iterations from
     * random phase did, and the phase gradient alone is far better than random phase alone: the start is what lets
     * the vocoder do less work.
     */
    @Test
    void thePhaseGradientStartNeedsFewerIterationsThanRandomPhase() throws Exception {
        MelSpectrogram spectrogram = new MelSpectrogram(CONFIG);
        float[][] mel = spectrogram.compute(espeakClip());
        double gradientAlone = error(spectrogram, mel, new GriffinLim(CONFIG, 0, 0.99f, 0, GriffinLim.Start.PHASE_GRADIENT));
        double randomAlone = error(spectrogram, mel, new GriffinLim(CONFIG, 0, 0.99f, 0));
        double defaults = error(spectrogram, mel, GriffinLim.defaults(CONFIG));
        double random32 = error(spectrogram, mel, new GriffinLim(CONFIG, 32, 0.99f, 0));
        System.out.printf("log-mel error: phase gradient alone %.3f, random alone %.3f; defaults %.4f, 32 from random %.4f%n",
                gradientAlone, randomAlone, defaults, random32);
        assertTrue(gradientAlone < randomAlone / 2, gradientAlone + " vs " + randomAlone);
        assertTrue(defaults <= random32 * 1.01, defaults + " vs " + random32);
    }

    private static double error(MelSpectrogram spectrogram, float[][] mel, GriffinLim vocoder) {
        return meanLogMelError(mel, spectrogram.compute(vocoder.synthesize(mel)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aSingleFrameGivesNoSamplesInsteadOfHanging() {
        // One centered frame spans no samples; the STFT of an empty signal used to loop forever reflecting its edges.
        float[][] one = new float[1][CONFIG.mels()];
        assertEquals(0, GriffinLim.defaults(CONFIG).synthesize(one).length);
        assertEquals(CONFIG.hop(), GriffinLim.defaults(CONFIG).synthesize(new float[2][CONFIG.mels()]).length);
    }

    @Test
    void sameMelSameSeedGivesTheSameSamples() throws Exception {
        float[][] mel = new MelSpectrogram(CONFIG).compute(espeakClip());
        float[][] part = java.util.Arrays.copyOf(mel, 40);
        GriffinLim vocoder = new GriffinLim(CONFIG, 4, 0.99f, 3);
        assertArrayEquals(vocoder.synthesize(part), vocoder.synthesize(part));
    }
}
