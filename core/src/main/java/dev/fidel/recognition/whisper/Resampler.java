package dev.fidel.recognition.whisper;

/**
 * Band-limited resampling of mono audio (windowed sinc, Hann window, 16 zero crossings a side), with
 * the cut-off at the lower of the two Nyquist frequencies so that downsampling does not alias.
 */
final class Resampler {

    private static final int ZERO_CROSSINGS = 16;

    private Resampler() {}

    static float[] resample(float[] samples, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return samples.clone();
        }
        double ratio = (double) toRate / fromRate;
        double cutoff = Math.min(1.0, ratio); // of the input's Nyquist frequency
        double halfWidth = ZERO_CROSSINGS / cutoff; // in input samples
        int length = (int) Math.round(samples.length * ratio);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            double center = i / ratio;
            int first = (int) Math.ceil(center - halfWidth);
            int last = (int) Math.floor(center + halfWidth);
            double sum = 0;
            for (int j = Math.max(0, first); j <= Math.min(samples.length - 1, last); j++) {
                double x = j - center;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * x / halfWidth);
                sum += samples[j] * cutoff * sinc(cutoff * x) * window;
            }
            out[i] = (float) sum;
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}
