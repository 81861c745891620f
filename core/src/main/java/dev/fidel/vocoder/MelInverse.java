package dev.fidel.vocoder;

/**
 * Mel power back to a linear power spectrum: the filterbank's (ridge-regularized) pseudo-inverse
 * {@code F^T (F F^T + lambda I)^-1}, negatives clamped to zero. The regularization keeps the
 * narrowest low-frequency filters (one FFT bin or none) from making {@code F F^T} singular.
 */
final class MelInverse {

    private final float[][] columns; // [mels][bins]: the pseudo-inverse's column of each mel band

    MelInverse(float[][] filters) {
        int mels = filters.length;
        int bins = filters[0].length;
        double[][] gram = new double[mels][mels];
        double trace = 0;
        for (int i = 0; i < mels; i++) {
            for (int j = 0; j < mels; j++) {
                double s = 0;
                for (int k = 0; k < bins; k++) {
                    s += (double) filters[i][k] * filters[j][k];
                }
                gram[i][j] = s;
            }
            trace += gram[i][i];
        }
        double lambda = 1e-4 * trace / mels;
        for (int i = 0; i < mels; i++) {
            gram[i][i] += lambda;
        }
        double[][] gramInverse = invert(gram);
        columns = new float[mels][bins];
        for (int k = 0; k < bins; k++) {
            for (int j = 0; j < mels; j++) {
                double s = 0;
                for (int i = 0; i < mels; i++) {
                    s += filters[i][k] * gramInverse[i][j];
                }
                columns[j][k] = (float) s;
            }
        }
    }

    /** Linear magnitude ({@code sqrt} of the estimated power) of one frame of mel power. */
    void magnitude(float[] melPower, float[] out) {
        // Column by column (a multiply-add over all bins at once, which the JIT vectorizes; a dot product per bin in
        // double precision cost as much as four Griffin-Lim iterations).
        java.util.Arrays.fill(out, 0f);
        for (int j = 0; j < columns.length; j++) {
            float[] column = columns[j];
            float power = melPower[j];
            for (int k = 0; k < out.length; k++) {
                out[k] += column[k] * power;
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) Math.sqrt(Math.max(out[k], 0f));
        }
    }

    /** Gauss-Jordan inverse of a symmetric positive definite matrix. */
    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = m[c];
            m[c] = m[pivot];
            m[pivot] = swap;
            double p = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, out[i], 0, n);
        }
        return out;
    }
}
