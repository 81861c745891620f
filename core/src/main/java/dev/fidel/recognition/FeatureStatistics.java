package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Per-mel mean and standard deviation of the training frames; the network sees
 * {@code (mel - mean) / std}. Part of the saved recognizer.
 */
public record FeatureStatistics(@JsonProperty("mean") float[] mean, @JsonProperty("std") float[] std) {

    public static FeatureStatistics of(List<float[][]> mels) {
        int bands = mels.get(0)[0].length;
        double[] sum = new double[bands];
        double[] squares = new double[bands];
        long n = 0;
        for (float[][] mel : mels) {
            for (float[] frame : mel) {
                for (int m = 0; m < bands; m++) {
                    sum[m] += frame[m];
                    squares[m] += (double) frame[m] * frame[m];
                }
                n++;
            }
        }
        float[] mean = new float[bands];
        float[] std = new float[bands];
        for (int m = 0; m < bands; m++) {
            double mu = sum[m] / n;
            mean[m] = (float) mu;
            std[m] = (float) Math.sqrt(Math.max(squares[m] / n - mu * mu, 1e-4));
        }
        return new FeatureStatistics(mean, std);
    }

    /** Normalized frames, padded to {@code frames} with copies of the floor value (silence). */
    float[] normalize(float[][] mel, int frames, float floor) {
        int bands = mean.length;
        float[] out = new float[frames * bands];
        for (int f = 0; f < frames; f++) {
            float[] frame = f < mel.length ? mel[f] : null;
            for (int m = 0; m < bands; m++) {
                float v = frame == null ? floor : frame[m];
                out[f * bands + m] = (v - mean[m]) / std[m];
            }
        }
        return out;
    }
}
