package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

    @Test
    void everyBatchFitsTheBudgetAndOnlyTooLongItemsAreLeftOut() {
        Random random = new Random(3);
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lengths.add(20 + random.nextInt(300));
        }
        lengths.add(5000);
        LengthBuckets<Integer> buckets = new LengthBuckets<>(lengths, Integer::intValue, 2400);
        int kept = 0;
        for (List<Integer> batch : buckets.batches()) {
            int longest = batch.stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertTrue(longest * batch.size() <= 2400, "batch " + batch);
            kept += batch.size();
        }
        assertEquals(1, buckets.tooLong());
        assertEquals(500, kept);
        assertEquals(buckets.epoch(7, 1), buckets.epoch(7, 1));
    }
}
