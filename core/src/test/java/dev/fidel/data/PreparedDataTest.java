package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.util.Json;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed outcome of prepare-data: reasons and counts as types, written as the codes and keys users read. */
class PreparedDataTest {

    private static DataCounts counts(int train, int val, int test, Map<RejectReason, Integer> rejected) {
        EnumMap<DataSplit, Integer> splits = new EnumMap<>(DataSplit.class);
        splits.put(DataSplit.TRAIN, train);
        splits.put(DataSplit.VAL, val);
        splits.put(DataSplit.TEST, test);
        EnumMap<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        reasons.putAll(rejected);
        return new DataCounts(splits, reasons, 30, 2, 1);
    }

    private static PreparedData data(DataCounts c) {
        DataManifest m = new DataManifest(DataManifest.FORMAT_VERSION, PrepareData.TASK, "x", "/corpus", Map.of(), null, null, 22050,
                QualityLimits.defaults(), 0.2, c.manifestCounts(), c.manifestRejectedByReason(), Map.of("total", 60.0), List.of("a"));
        return PreparedData.of(Path.of("/data"), m);
    }

    @Test
    void countsAreWrittenUnderTheManifestsKeysAndReadBackTyped() {
        DataCounts c = counts(8, 1, 1, Map.of(RejectReason.TOO_LONG, 2, RejectReason.CLIPPING, 1));
        assertEquals(Map.of("train", 8, "val", 1, "test", 1, "accepted", 10, "rejected", 3, "corpusFiles", 30, "ignoredFiles", 2,
                "downmixed", 1), c.manifestCounts());
        assertEquals(List.of("clipping", "too-long"), List.copyOf(c.manifestRejectedByReason().keySet()), "sorted by code");
        assertEquals(c, data(c).counts(), "the manifest's maps read back to the same typed counts");
    }

    @Test
    void theVerdictNamesTheMostFrequentReasonsFirst() {
        PreparedData d = data(counts(2, 0, 0, Map.of(RejectReason.TOO_SHORT, 1, RejectReason.NOT_ETHIOPIC, 3, RejectReason.CLIPPING, 1)));
        assertEquals("5 of 7 inputs were rejected (71.4%), more than maxRejectedRatio 0.20 allows: not-ethiopic 3, clipping 1, too-short 1.",
                d.verdict(0.2));
        assertNull(d.verdict(0.8));
        assertEquals("2 utterances (1.0 min of audio, 1 speakers): train 2, val 0, test 0; 5 rejected (not-ethiopic 3, clipping 1, too-short 1)",
                d.summary());
        PreparedData none = data(counts(0, 0, 0, Map.of(RejectReason.UNREADABLE, 4)));
        assertEquals("nothing usable remains: all 4 inputs of the corpus were rejected (unreadable 4).", none.verdict(1.0));
    }

    @Test
    void aRejectionIsWrittenWithItsReasonsCodeAndAnUnknownCodeIsRefused() throws Exception {
        Rejection r = Rejection.ofFile("a.wav", RejectReason.DUPLICATE_AUDIO, "the same samples as b");
        String line = Json.line(r);
        assertEquals("{\"detail\":\"the same samples as b\",\"file\":\"a.wav\",\"reason\":\"duplicate-audio\"}", line);
        assertEquals(r, Json.LINE.readValue(line, Rejection.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RejectReason.ofCode("too-loud"));
        assertTrue(e.getMessage().contains("too-loud") && e.getMessage().contains("near-silence"), e.getMessage());
    }
}
