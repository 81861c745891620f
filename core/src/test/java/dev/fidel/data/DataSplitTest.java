package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    @Test
    void splitsAbout90_5_5ByIdAlone() {
        Map<DataSplit, Integer> counts = new EnumMap<>(DataSplit.class);
        for (int i = 0; i < 20_000; i++) {
            counts.merge(DataSplit.of("common_voice_am_" + i), 1, Integer::sum);
        }
        assertEquals(0.90, counts.get(DataSplit.TRAIN) / 20_000.0, 0.01);
        assertEquals(0.05, counts.get(DataSplit.VAL) / 20_000.0, 0.005);
        assertEquals(0.05, counts.get(DataSplit.TEST) / 20_000.0, 0.005);
    }

    @Test
    void anIdAlwaysLandsInTheSameSplit() {
        // Pinned: changing the split function would move every utterance of every user's corpus.
        assertEquals(DataSplit.TRAIN, DataSplit.of("amina/a01"));
        assertEquals(DataSplit.VAL, DataSplit.of("u00000"));
        assertEquals(DataSplit.TEST, DataSplit.of("u00041"));
        assertTrue(DataSplit.of("x") == DataSplit.of(new String("x")));
    }
}
