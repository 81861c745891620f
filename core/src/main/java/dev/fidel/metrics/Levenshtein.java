package dev.fidel.metrics;

import java.util.List;

/** Edit distance (substitutions, insertions, deletions, each costing one) between two sequences. */
public final class Levenshtein {

    private Levenshtein() {
    }

    /** Edits turning {@code reference} into {@code hypothesis}, over code points. */
    public static int distance(int[] reference, int[] hypothesis) {
        int[] previous = new int[hypothesis.length + 1];
        int[] current = new int[hypothesis.length + 1];
        for (int j = 0; j <= hypothesis.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= reference.length; i++) {
            current[0] = i;
            for (int j = 1; j <= hypothesis.length; j++) {
                int substitute = previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hypothesis.length];
    }

    /** Edits turning {@code reference} into {@code hypothesis}, over words (or any tokens). */
    public static int distance(List<String> reference, List<String> hypothesis) {
        // Words become small integers, equal words equal integers, then the same algorithm runs.
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        int[] r = reference.stream().mapToInt(w -> ids.computeIfAbsent(w, k -> ids.size())).toArray();
        int[] h = hypothesis.stream().mapToInt(w -> ids.computeIfAbsent(w, k -> ids.size())).toArray();
        return distance(r, h);
    }
}
