package dev.fidel.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many inputs a prepared data folder holds, by kind: the typed form of {@code manifest.json}'s {@code counts} and
 * {@code rejectedByReason} (there string-keyed, sorted by key).
 *
 * @param splits accepted utterances per split
 * @param rejectedByReason rejected inputs per reason
 * @param corpusFiles files of the corpus
 * @param ignoredFiles corpus files no table refers to (see {@link CorpusScan#ignored()})
 * @param downmixed accepted utterances whose audio had more than one channel
 */
public record DataCounts(EnumMap<DataSplit, Integer> splits, EnumMap<RejectReason, Integer> rejectedByReason, int corpusFiles,
        int ignoredFiles, int downmixed) {

    public int accepted() {
        return splits.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int rejected() {
        return rejectedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int of(DataSplit split) {
        return splits.getOrDefault(split, 0);
    }

    /** {@code manifest.json}'s {@code counts}: accepted, rejected, each split, corpusFiles, ignoredFiles, downmixed. */
    Map<String, Integer> manifestCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        splits.forEach((s, n) -> counts.put(s.fileStem(), n));
        counts.put("accepted", accepted());
        counts.put("rejected", rejected());
        counts.put("corpusFiles", corpusFiles);
        counts.put("ignoredFiles", ignoredFiles);
        counts.put("downmixed", downmixed);
        return counts;
    }

    /** {@code manifest.json}'s {@code rejectedByReason}: the reasons' codes, sorted. */
    Map<String, Integer> manifestRejectedByReason() {
        Map<String, Integer> byCode = new TreeMap<>();
        rejectedByReason.forEach((r, n) -> byCode.put(r.code(), n));
        return byCode;
    }

    /** The counts a manifest records; a reason this Fidel does not know is refused. */
    static DataCounts of(DataManifest m) {
        Map<String, Integer> counts = m.counts() == null ? Map.of() : m.counts();
        EnumMap<DataSplit, Integer> splits = new EnumMap<>(DataSplit.class);
        for (DataSplit s : DataSplit.values()) {
            splits.put(s, counts.getOrDefault(s.fileStem(), 0));
        }
        EnumMap<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        if (m.rejectedByReason() != null) {
            m.rejectedByReason().forEach((code, n) -> reasons.put(RejectReason.ofCode(code), n));
        }
        return new DataCounts(splits, reasons, counts.getOrDefault("corpusFiles", 0), counts.getOrDefault("ignoredFiles", 0),
                counts.getOrDefault("downmixed", 0));
    }
}
