package dev.fidel.codec;

import java.util.Random;

/**
 * Seeded k-means (k-means++ initialization, then Lloyd iterations) in plain Java, so a codebook is
 * the same bytes for the same data and seed on every machine.
 */
final class KMeans {

    private KMeans() {
    }

    /** {@code k} centroids of {@code points} ({@code [n][dim]}); an empty cluster takes the farthest point. */
    static float[][] fit(float[][] points, int k, int iterations, long seed) {
        if (points.length < k) {
            throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + points.length);
        }
        Random random = new Random(seed);
        float[][] centroids = initPlusPlus(points, k, random);
        int[] assignment = new int[points.length];
        int dim = points[0].length;
        for (int it = 0; it < iterations; it++) {
            double[][] sums = new double[k][dim];
            int[] counts = new int[k];
            float[] bestDistance = new float[points.length];
            for (int i = 0; i < points.length; i++) {
                int c = nearest(centroids, points[i]);
                assignment[i] = c;
                bestDistance[i] = distance(centroids[c], points[i]);
                counts[c]++;
                for (int d = 0; d < dim; d++) {
                    sums[c][d] += points[i][d];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    int far = argMax(bestDistance);
                    centroids[c] = points[far].clone();
                    bestDistance[far] = 0;
                    continue;
                }
                for (int d = 0; d < dim; d++) {
                    centroids[c][d] = (float) (sums[c][d] / counts[c]);
                }
            }
        }
        return centroids;
    }

    static int nearest(float[][] centroids, float[] x) {
        int best = 0;
        float bestDistance = Float.MAX_VALUE;
        for (int c = 0; c < centroids.length; c++) {
            float d = distance(centroids[c], x);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    static float distance(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            float diff = a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }

    private static float[][] initPlusPlus(float[][] points, int k, Random random) {
        float[][] centroids = new float[k][];
        centroids[0] = points[random.nextInt(points.length)].clone();
        double[] d2 = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            d2[i] = distance(centroids[0], points[i]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : d2) {
                total += d;
            }
            // Next centroid drawn with probability proportional to the squared distance to the nearest one.
            double target = random.nextDouble() * total;
            int pick = points.length - 1;
            double running = 0;
            for (int i = 0; i < points.length; i++) {
                running += d2[i];
                if (running >= target) {
                    pick = i;
                    break;
                }
            }
            centroids[c] = points[pick].clone();
            for (int i = 0; i < points.length; i++) {
                d2[i] = Math.min(d2[i], distance(centroids[c], points[i]));
            }
        }
        return centroids;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
