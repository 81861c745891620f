package dev.fidel.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Batches of items of similar length under a budget: a batch's padded size (longest item x count) never
 * exceeds the budget, so memory is bounded whatever the corpus. Items longer than the budget alone are
 * left out and counted. Batch order is shuffled with a seed per epoch.
 */
public final class LengthBuckets<T> {

    private final List<List<T>> batches = new ArrayList<>();
    private final int tooLong;

    public LengthBuckets(List<T> items, ToIntFunction<T> length, int budget) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(length));
        List<T> current = new ArrayList<>();
        int skipped = 0;
        for (T item : sorted) {
            int size = length.applyAsInt(item);
            if (size > budget) {
                skipped++;
                continue;
            }
            // Sorted ascending, so the newest item is the longest: padded size = size x count.
            if ((long) size * (current.size() + 1) > budget) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.add(item);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        tooLong = skipped;
    }

    /** Items left out because one alone exceeds the budget. */
    public int tooLong() {
        return tooLong;
    }

    public List<List<T>> batches() {
        return Collections.unmodifiableList(batches);
    }

    /** The batches in a seeded random order for {@code epoch}. */
    public List<List<T>> epoch(long seed, int epoch) {
        List<List<T>> order = new ArrayList<>(batches);
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        return order;
    }
}
