package dev.fidel.synthesis;

import java.util.Arrays;
import java.util.Random;

/**
 * Chooses one code from logits under {@link SamplingSettings}: repetition penalty, temperature, top-k,
 * top-p, then a draw from a seeded {@link Random} (or the arg-max at temperature 0). Plain Java over a
 * float array, so the choice is the same on every machine for the same logits and seed.
 */
public final class CodeSampler {

    private final SamplingSettings settings;
    private final Random random;

    public CodeSampler(SamplingSettings settings, long seed) {
        this.settings = settings;
        this.random = new Random(seed);
    }

    /**
     * The chosen id among {@code logits}; ids marked in {@code forbidden} are never chosen, ids in
     * {@code recent} (the codes so far, last {@code repetitionWindow} counted) are penalized.
     */
    public int choose(float[] logits, int[] recent, int recentLength, int... forbidden) {
        float[] l = logits.clone();
        for (int f : forbidden) {
            l[f] = Float.NEGATIVE_INFINITY;
        }
        if (settings.repetitionPenalty() != 1f) {
            boolean[] seen = new boolean[l.length];
            for (int i = Math.max(0, recentLength - settings.repetitionWindow()); i < recentLength; i++) {
                seen[recent[i]] = true;
            }
            for (int id = 0; id < l.length; id++) {
                if (seen[id] && Float.isFinite(l[id])) {
                    l[id] = l[id] > 0 ? l[id] / settings.repetitionPenalty() : l[id] * settings.repetitionPenalty();
                }
            }
        }
        if (settings.temperature() == 0f) {
            return argMax(l);
        }
        // Candidates in order of decreasing logit (ties by id, so the order is fixed).
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> l[a] != l[b] ? Float.compare(l[b], l[a]) : Integer.compare(a, b));
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), order.length) : order.length;
        double max = l[order[0]];
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Float.isFinite(l[order[i]]) ? Math.exp((l[order[i]] - max) / settings.temperature()) : 0;
            sum += p[i];
        }
        // Top-p: the smallest prefix whose probability reaches p.
        double cumulative = 0;
        int nucleus = keep;
        for (int i = 0; i < keep; i++) {
            cumulative += p[i] / sum;
            if (cumulative >= settings.topP()) {
                nucleus = i + 1;
                break;
            }
        }
        double total = 0;
        for (int i = 0; i < nucleus; i++) {
            total += p[i];
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < nucleus; i++) {
            draw -= p[i];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[nucleus - 1];
    }

    static int argMax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }
}
