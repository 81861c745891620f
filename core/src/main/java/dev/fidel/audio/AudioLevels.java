package dev.fidel.audio;

/**
 * Loudness facts about 16-bit samples that decide whether audio is usable: how much of it sits at
 * full scale (clipping) and how loud its loudest 20 ms are (near-silence).
 *
 * @param clippedShare share of samples at or within 0.5% of full scale
 * @param peakFrameDb RMS level of the loudest 20 ms frame, dBFS (-inf for digital silence)
 */
public record AudioLevels(double clippedShare, double peakFrameDb) {

    private static final int CLIP_LEVEL = 32604; // 0.995 of full scale

    public static AudioLevels of(short[] samples, int sampleRate) {
        if (samples.length == 0) {
            return new AudioLevels(0, Double.NEGATIVE_INFINITY);
        }
        long clipped = 0;
        for (short s : samples) {
            if (s >= CLIP_LEVEL || s <= -CLIP_LEVEL) {
                clipped++;
            }
        }
        int frame = Math.max(1, sampleRate / 50);
        double peak = 0;
        for (int start = 0; start < samples.length; start += frame) {
            int end = Math.min(samples.length, start + frame);
            double sum = 0;
            for (int i = start; i < end; i++) {
                double x = samples[i] / 32768.0;
                sum += x * x;
            }
            peak = Math.max(peak, sum / (end - start));
        }
        return new AudioLevels((double) clipped / samples.length, 10 * Math.log10(peak));
    }
}
