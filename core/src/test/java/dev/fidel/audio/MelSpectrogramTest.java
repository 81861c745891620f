package dev.fidel.audio;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.api.Test;

/**
 * {@link MelSpectrogram#compute} sums each band over the bins where its filter is not zero; every cached, trained-on
 * and recognized mel depends on that being the very same number as the full sum over every bin, bit for bit.
 */
class MelSpectrogramTest {

    static final List<MelConfig> CONFIGS = List.of(MelConfig.defaults(), new MelConfig(16_000, 512, 160, 40, 50, 7_900),
            new MelConfig(22_050, 2048, 512, 128, 0, 11_025), new MelConfig(8_000, 256, 64, 20, 300, 3_400));

    @Test
    void bandsSummedOverTheirNonZeroBinsGiveBitForBitTheFullSum() {
        forAll(120, ANY.integers(0, CONFIGS.size() - 1).flatMap(c -> ANY.integers(1, 9_000).flatMap(n -> ANY.longs()
                .flatMap(seed -> ANY.integers(0, 3).map(kind -> new Case(CONFIGS.get(c), n, seed, kind))))), t -> {
            float[] samples = t.samples();
            MelSpectrogram spectrogram = new MelSpectrogram(t.config());
            float[][] fast = spectrogram.compute(samples);
            float[][] full = fullSum(spectrogram, samples);
            assertEquals(full.length, fast.length);
            for (int f = 0; f < full.length; f++) {
                for (int m = 0; m < full[f].length; m++) {
                    assertEquals(Float.floatToRawIntBits(full[f][m]), Float.floatToRawIntBits(fast[f][m]),
                            t + ": frame " + f + ", band " + m + ": " + full[f][m] + " vs " + fast[f][m]);
                }
            }
        });
    }

    /** A signal: noise, a tone, silence, or 16-bit PCM as prepared clips hold it. */
    record Case(MelConfig config, int length, long seed, int kind) {
        float[] samples() {
            Random random = new Random(seed);
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = switch (kind) {
                    case 0 -> random.nextFloat() * 2 - 1;
                    case 1 -> (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / config.sampleRate()));
                    case 2 -> 0f;
                    default -> (short) random.nextInt(65_536) / 32768f;
                };
            }
            return x;
        }
    }

    /** The definition: every band's weighted sum over all {@code nFft / 2 + 1} bins (how compute worked before). */
    static float[][] fullSum(MelSpectrogram spectrogram, float[] samples) {
        MelConfig c = spectrogram.config();
        int nFft = c.nFft();
        int bins = nFft / 2 + 1;
        float[][] filters = spectrogram.filters();
        float[] window = new float[nFft];
        for (int i = 0; i < nFft; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft));
        }
        FloatFFT_1D fft = new FloatFFT_1D(nFft);
        int frames = spectrogram.frames(samples.length);
        float[][] out = new float[frames][c.mels()];
        float[] buf = new float[nFft];
        float[] power = new float[bins];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < nFft; i++) {
                buf[i] = MelSpectrogram.reflect(samples, f * c.hop() - nFft / 2 + i) * window[i];
            }
            fft.realForward(buf);
            power[0] = buf[0] * buf[0];
            power[bins - 1] = buf[1] * buf[1];
            for (int k = 1; k < bins - 1; k++) {
                power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            for (int m = 0; m < c.mels(); m++) {
                double sum = 0;
                for (int k = 0; k < bins; k++) {
                    sum += filters[m][k] * power[k];
                }
                out[f][m] = (float) Math.log(Math.max(sum, 1e-5));
            }
        }
        return out;
    }
}
