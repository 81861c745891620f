package dev.fidel.vocoder;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import java.util.Random;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Griffin-Lim phase reconstruction with momentum ("fast Griffin-Lim", Perraudin et al. 2013, as in
 * torchaudio): magnitude from the mel filterbank's pseudo-inverse, random initial phase (seeded),
 * then {@code iterations} rounds of inverse STFT and STFT. The STFT is the one
 * {@link MelSpectrogram} uses (centered, reflect padding, periodic Hann, same FFT size and hop),
 * so the output re-analyses to nearly the input mel. Deterministic; thread-safe.
 */
public final class GriffinLim implements Vocoder {

    private final MelConfig config;
    private final int iterations;
    private final float momentum;
    private final long seed;
    private final MelInverse melInverse;
    private final float[] window;

    public GriffinLim(MelConfig config, int iterations, float momentum, long seed) {
        this.config = config;
        this.iterations = iterations;
        this.momentum = momentum;
        this.seed = seed;
        this.melInverse = new MelInverse(new MelSpectrogram(config).filters());
        this.window = new float[config.nFft()];
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / window.length));
        }
    }

    /** 32 iterations, momentum 0.99, seed 0: the setting the prototype measured. */
    public static GriffinLim defaults(MelConfig config) {
        return new GriffinLim(config, 32, 0.99f, 0);
    }

    @Override
    public MelConfig melConfig() {
        return config;
    }

    @Override
    public float[] synthesize(float[][] logMel) {
        int frames = logMel.length;
        int bins = config.nFft() / 2 + 1;
        if (frames < 2) {
            return new float[0];   // centered frames one hop apart: a single frame spans no samples (and never hangs the STFT)
        }
        float[][] magnitude = new float[frames][bins];
        float[] melPower = new float[config.mels()];
        for (int f = 0; f < frames; f++) {
            for (int m = 0; m < melPower.length; m++) {
                melPower[m] = (float) Math.exp(logMel[f][m]);
            }
            melInverse.magnitude(melPower, magnitude[f]);
        }
        // Phase as unit complex numbers, [frames][2 * bins] interleaved (re, im).
        float[][] phase = new float[frames][2 * bins];
        Random random = new Random(seed);
        for (float[] p : phase) {
            for (int k = 0; k < bins; k++) {
                double a = 2 * Math.PI * random.nextDouble();
                p[2 * k] = (float) Math.cos(a);
                p[2 * k + 1] = (float) Math.sin(a);
            }
        }
        FloatFFT_1D fft = new FloatFFT_1D(config.nFft());
        float[][] rebuilt = new float[frames][2 * bins];
        float[][] previous = new float[frames][2 * bins];
        float factor = momentum / (1 + momentum);
        int length = (frames - 1) * config.hop();
        float[] weight = windowSquares(frames);
        for (int i = 0; i < iterations; i++) {
            float[] signal = inverse(magnitude, phase, fft, length, weight);
            forward(signal, frames, fft, rebuilt);
            for (int f = 0; f < frames; f++) {
                float[] r = rebuilt[f];
                float[] p = phase[f];
                float[] q = previous[f];
                for (int j = 0; j < 2 * bins; j += 2) {
                    float re = r[j] - factor * q[j];
                    float im = r[j + 1] - factor * q[j + 1];
                    float norm = (float) Math.sqrt(re * re + im * im) + 1e-16f;
                    p[j] = re / norm;
                    p[j + 1] = im / norm;
                }
            }
            float[][] swap = previous;
            previous = rebuilt;
            rebuilt = swap;
        }
        return inverse(magnitude, phase, fft, length, weight);
    }

    /** Centered STFT of {@code signal} into {@code out} ([frames][2 * bins], re/im interleaved). */
    private void forward(float[] signal, int frames, FloatFFT_1D fft, float[][] out) {
        int nFft = config.nFft();
        int pad = nFft / 2;
        int bins = nFft / 2 + 1;
        float[] buf = new float[nFft];
        for (int f = 0; f < frames; f++) {
            int start = f * config.hop() - pad;
            if (start >= 0 && start + nFft <= signal.length) {
                for (int i = 0; i < nFft; i++) {
                    buf[i] = signal[start + i] * window[i];
                }
            } else {
                for (int i = 0; i < nFft; i++) {
                    buf[i] = MelSpectrogram.reflect(signal, start + i) * window[i];
                }
            }
            fft.realForward(buf);
            float[] o = out[f];
            o[0] = buf[0];
            o[1] = 0;
            o[2 * (bins - 1)] = buf[1];
            o[2 * (bins - 1) + 1] = 0;
            System.arraycopy(buf, 2, o, 2, nFft - 2);
        }
    }

    /** The squared window summed over {@code frames} overlapping frames: what the overlap-add divides by. */
    private float[] windowSquares(int frames) {
        int nFft = config.nFft();
        float[] weight = new float[nFft + config.hop() * (frames - 1)];
        for (int f = 0; f < frames; f++) {
            int offset = f * config.hop();
            for (int i = 0; i < nFft; i++) {
                weight[offset + i] += window[i] * window[i];
            }
        }
        return weight;
    }

    /** Inverse STFT (windowed overlap-add, divided by the summed squared window {@code weight}), centered, trimmed to {@code length}. */
    private float[] inverse(float[][] magnitude, float[][] phase, FloatFFT_1D fft, int length, float[] weight) {
        int nFft = config.nFft();
        int hop = config.hop();
        int pad = nFft / 2;
        int bins = nFft / 2 + 1;
        int frames = magnitude.length;
        int total = nFft + hop * (frames - 1);
        float[] sum = new float[total];
        float[] buf = new float[nFft];
        for (int f = 0; f < frames; f++) {
            float[] m = magnitude[f];
            float[] p = phase[f];
            buf[0] = m[0] * p[0];
            buf[1] = m[bins - 1] * p[2 * (bins - 1)];
            for (int k = 1; k < bins - 1; k++) {
                buf[2 * k] = m[k] * p[2 * k];
                buf[2 * k + 1] = m[k] * p[2 * k + 1];
            }
            fft.realInverse(buf, true);
            int offset = f * hop;
            for (int i = 0; i < nFft; i++) {
                sum[offset + i] += buf[i] * window[i];
            }
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            float w = weight[pad + i];
            out[i] = w > 1e-8f ? sum[pad + i] / w : 0f;
        }
        return out;
    }
}
