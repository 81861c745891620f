package dev.fidel.vocoder;

import java.util.Arrays;
import java.util.Random;

/**
 * An initial phase for Griffin-Lim from the magnitude alone: phase gradient heuristic integration (PGHI; Průša, Balazs,
 * Søndergaard, "A noniterative method for reconstruction of phase from STFT magnitude", 2017). For a Gaussian window
 * {@code exp(-pi t^2 / lambda)} the phase's derivatives follow from the log-magnitude's: along time the phase advances by
 * {@code 2 pi} times the instantaneous frequency, which is the bin's frequency moved by {@code (1 / 2 pi lambda) ds/dw};
 * along frequency it turns by {@code -lambda ds/dt}. The Hann window is treated as the Gaussian with
 * {@code lambda = 0.25645 nFft^2}. The phase is integrated outwards from the loudest cell, always from the loudest cell
 * already reached, so errors start in quiet cells; cells more than {@link #TOLERANCE} nats below the
 * loudest keep a random phase. From this start Griffin-Lim needs far fewer iterations than from random phase for the
 * same spectral convergence (docs/benchmarks.md).
 */
final class PhaseGradient {

    /** Log-magnitude range (nats) below the loudest cell where the phase is integrated; quieter cells stay random. */
    static final double TOLERANCE = 10;

    private static final double HANN_LAMBDA = 0.25645;

    /** Entries of the cosine table: a phase rounded to 2 pi / 4096 is off by at most 0.00077 rad, far below what matters here. */
    private static final int TABLE = 4096;
    private static final float TABLE_SCALE = (float) (TABLE / (2 * Math.PI));
    private static final float[] COSINE = new float[TABLE];

    static {
        for (int i = 0; i < TABLE; i++) {
            COSINE[i] = (float) Math.cos(2 * Math.PI * i / TABLE);
        }
    }

    private final int nFft;
    private final int hop;
    private final double lambda;

    PhaseGradient(int nFft, int hop) {
        this.nFft = nFft;
        this.hop = hop;
        this.lambda = HANN_LAMBDA * nFft * nFft;
    }

    /**
     * Fills {@code phase} ({@code [frames][2 * bins]}, unit complex numbers re/im interleaved) for {@code magnitude}
     * ({@code [frames][bins]}), in the STFT's convention (phase relative to each frame's first sample); random phases
     * from {@code random} where the magnitude is too quiet to carry a gradient.
     */
    void estimate(float[][] magnitude, Random random, float[][] phase) {
        int frames = magnitude.length;
        int bins = magnitude[0].length;
        float[] log = logMagnitude(magnitude);
        float top = max(log);
        float[] timeStep = new float[log.length];    // phase advance per frame at each cell
        float[] binStep = new float[log.length];     // phase turn per bin at each cell
        double timeScale = hop * nFft / lambda;
        double binScale = -lambda / nFft / hop;
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < bins; k++) {
                int c = f * bins + k;
                double dsdk = k == 0 || k == bins - 1 ? 0 : (log[c + 1] - log[c - 1]) / 2;
                double dsdf = f == 0 || f == frames - 1 ? 0 : (log[c + bins] - log[c - bins]) / 2;
                timeStep[c] = (float) wrap(hop * 2 * Math.PI * k / nFft + timeScale * dsdk);
                binStep[c] = (float) (binScale * dsdf);
            }
        }
        float[] angle = new Integration(log, top, bins).run(timeStep, binStep, random);
        for (int f = 0; f < frames; f++) {
            float[] p = phase[f];
            for (int k = 0; k < bins; k++) {
                // From the window's centre (where the gradients hold) to the frame's first sample: a turn of pi per bin.
                int turn = Math.round((angle[f * bins + k] + (float) Math.PI * (k & 1)) * TABLE_SCALE) & (TABLE - 1);
                p[2 * k] = COSINE[turn];
                p[2 * k + 1] = COSINE[(turn - TABLE / 4) & (TABLE - 1)];
            }
        }
    }

    /** {@code angle} moved by whole turns into [-pi, pi]. */
    private static double wrap(double angle) {
        return angle - 2 * Math.PI * Math.rint(angle / (2 * Math.PI));
    }

    private static float[] logMagnitude(float[][] magnitude) {
        int bins = magnitude[0].length;
        float[] log = new float[magnitude.length * bins];
        for (int f = 0; f < magnitude.length; f++) {
            for (int k = 0; k < bins; k++) {
                log[f * bins + k] = (float) Math.log(magnitude[f][k]);
            }
        }
        float floor = max(log) - (float) TOLERANCE - 1;
        for (int c = 0; c < log.length; c++) {
            log[c] = Math.max(log[c], floor);   // silence (log 0 = -infinity) would make the gradients infinite
        }
        return log;
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * The integration over the cells within {@link #TOLERANCE} of the loudest, loudest first, from seeds taken loudest
     * first. Loudness is quantized to {@link #LEVELS} levels over the tolerance (0.04 nats each), so the max-heap is a
     * bucket queue: each cell is filed and taken in constant time, where a heap of ~75,000 cells cost more than the
     * iterations it saves.
     */
    private static final class Integration {

        static final int LEVELS = 256;

        private final float[] log;
        private final int bins;
        private final int[] level;      // per cell: its loudness level, -1 when too quiet to integrate
        private final int[] next;       // per cell: the next cell in its level's queue
        private final int[] head = new int[LEVELS];
        private final boolean[] done;
        private int highest = -1;

        Integration(float[] log, float top, int bins) {
            this.log = log;
            this.bins = bins;
            this.level = new int[log.length];
            this.next = new int[log.length];
            this.done = new boolean[log.length];
            float scale = (float) (LEVELS / TOLERANCE);
            for (int c = 0; c < log.length; c++) {
                float below = top - log[c];
                level[c] = below <= TOLERANCE ? Math.min(LEVELS - 1, (int) ((float) TOLERANCE * scale - below * scale)) : -1;
            }
        }

        float[] run(float[] timeStep, float[] binStep, Random random) {
            float[] angle = new float[log.length];
            int[] seeds = seedsLoudestFirst();
            Arrays.fill(head, -1);
            for (int seed : seeds) {
                if (done[seed]) {
                    continue;
                }
                done[seed] = true;
                push(seed);
                int c;
                while ((c = pop()) >= 0) {
                    int f = c / bins;
                    int k = c - f * bins;
                    if (c + bins < log.length) {
                        reach(c, c + bins, (timeStep[c] + timeStep[c + bins]) / 2, angle);
                    }
                    if (f > 0) {
                        reach(c, c - bins, -(timeStep[c] + timeStep[c - bins]) / 2, angle);
                    }
                    if (k + 1 < bins) {
                        reach(c, c + 1, (binStep[c] + binStep[c + 1]) / 2, angle);
                    }
                    if (k > 0) {
                        reach(c, c - 1, -(binStep[c] + binStep[c - 1]) / 2, angle);
                    }
                }
            }
            for (int c = 0; c < angle.length; c++) {
                if (level[c] < 0) {
                    angle[c] = (float) (2 * Math.PI * random.nextDouble());
                }
            }
            return angle;
        }

        /** The cells to integrate, by level from the loudest (a counting sort), in cell order within a level. */
        private int[] seedsLoudestFirst() {
            int[] start = new int[LEVELS + 1];
            for (int l : level) {
                if (l >= 0) {
                    start[LEVELS - l]++;
                }
            }
            for (int i = 0; i < LEVELS; i++) {
                start[i + 1] += start[i];
            }
            int[] seeds = new int[start[LEVELS]];
            for (int c = 0; c < level.length; c++) {
                if (level[c] >= 0) {
                    seeds[start[LEVELS - 1 - level[c]]++] = c;
                }
            }
            return seeds;
        }

        private void reach(int from, int to, float step, float[] angle) {
            if (!done[to] && level[to] >= 0) {
                float a = angle[from] + step;
                angle[to] = a > Math.PI || a < -Math.PI ? (float) wrap(a) : a;
                done[to] = true;
                push(to);
            }
        }

        private void push(int cell) {
            int l = level[cell];
            next[cell] = head[l];
            head[l] = cell;
            highest = Math.max(highest, l);
        }

        /** The loudest queued cell (the last filed among equals), or -1 when none is queued. */
        private int pop() {
            while (highest >= 0 && head[highest] < 0) {
                highest--;
            }
            if (highest < 0) {
                return -1;
            }
            int cell = head[highest];
            head[highest] = next[cell];
            return cell;
        }
    }
}
