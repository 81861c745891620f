package dev.fidel.audio;

/**
 * The one resampler for audio held in memory: band-limited interpolation of mono samples with a windowed sinc (Hann
 * window, 16 zero crossings a side), its cut-off at the lower of the two Nyquist frequencies so that downsampling does
 * not alias. Files are resampled by FFmpeg while {@link AudioDecoder} decodes them; everything already in memory (a
 * recognizer's input, a synthesized clip) goes through here.
 *
 * <p>The output has {@code round(n * to / from)} samples; sample {@code i} is the input's band-limited value at time
 * {@code i / to} seconds, so a sine keeps its frequency, amplitude and phase (within the filter's ripple, well under 1 %
 * below 0.8 of the lower Nyquist frequency). With the rates reduced to {@code up / down}, output samples fall on
 * {@code up} distinct fractional positions of the input; their filter kernels are computed once each when there are at
 * most {@value #MAX_TABLED_PHASES} (22,050 to 16,000 Hz: 320).
 */
public final class Resampler {

    private static final int ZERO_CROSSINGS = 16;
    /** The most distinct fractional positions whose kernels are tabled; beyond, each output sample computes its own. */
    static final int MAX_TABLED_PHASES = 4096;

    private Resampler() {
    }

    /**
     * {@code samples} at {@code fromRate} Hz resampled to {@code toRate} Hz: a new array (a copy when the rates are equal).
     *
     * @throws IllegalArgumentException when a rate is not positive or the result would not fit an array
     */
    public static float[] resample(float[] samples, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " Hz to " + toRate + " Hz");
        }
        if (fromRate == toRate) {
            return samples.clone();
        }
        int gcd = gcd(fromRate, toRate);
        int up = toRate / gcd;
        int down = fromRate / gcd;
        long length = ((long) samples.length * toRate * 2 + fromRate) / (2L * fromRate);   // round(n * to / from)
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(samples.length + " samples at " + fromRate + " Hz are too many to resample to " + toRate + " Hz");
        }
        double cutoff = Math.min(1.0, (double) toRate / fromRate);   // of the input's Nyquist frequency
        double halfWidth = ZERO_CROSSINGS / cutoff;                    // in input samples
        Kernel[] table = up <= MAX_TABLED_PHASES ? new Kernel[up] : null;
        float[] out = new float[(int) length];
        for (int i = 0; i < out.length; i++) {
            long position = (long) i * down;
            int base = (int) (position / up);
            int phase = (int) (position % up);
            Kernel kernel;
            if (table == null) {
                kernel = Kernel.at((double) phase / up, cutoff, halfWidth);
            } else {
                kernel = table[phase];
                if (kernel == null) {
                    kernel = Kernel.at((double) phase / up, cutoff, halfWidth);
                    table[phase] = kernel;
                }
            }
            out[i] = kernel.apply(samples, base);
        }
        return out;
    }

    /**
     * The filter taps for an output sample at fraction {@code frac} past an input sample: tap {@code k} weighs input
     * sample {@code base + first + k}.
     */
    private record Kernel(int first, double[] weights) {

        static Kernel at(double frac, double cutoff, double halfWidth) {
            int first = (int) Math.ceil(frac - halfWidth);
            int last = (int) Math.floor(frac + halfWidth);
            double[] weights = new double[last - first + 1];
            for (int k = first; k <= last; k++) {
                double x = k - frac;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * x / halfWidth);
                weights[k - first] = cutoff * sinc(cutoff * x) * window;
            }
            return new Kernel(first, weights);
        }

        float apply(float[] samples, int base) {
            int start = base + first;
            int from = Math.max(0, -start);
            int to = Math.min(weights.length, samples.length - start);
            double sum = 0;
            for (int k = from; k < to; k++) {
                sum += samples[start + k] * weights[k];
            }
            return (float) sum;
        }
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
