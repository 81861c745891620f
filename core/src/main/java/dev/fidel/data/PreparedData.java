package dev.fidel.data;

import dev.fidel.FidelException;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A prepared data folder, as later goals receive it: where it is, its manifest and its typed counts. The splits are
 * {@link #split}, the rejected inputs {@link PrepareData#REJECTED_FILE}, the audio under {@link PrepareData#AUDIO_FOLDER}.
 *
 * @param folder the folder prepare-data wrote
 * @param manifest its {@code manifest.json}
 * @param counts the manifest's counts, typed
 */
public record PreparedData(Path folder, DataManifest manifest, DataCounts counts) {

    /** The data prepare-data wrote into {@code folder}; {@code setting} names the element that points there. */
    public static PreparedData read(Path folder, String setting) throws FidelException {
        Path file = folder.resolve(DataManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new FidelException("no " + DataManifest.FILE_NAME + " in " + folder + ": run prepare-data into it first", setting, null);
        }
        try {
            DataManifest manifest = Json.read(file, DataManifest.class, setting);
            return new PreparedData(folder, manifest, DataCounts.of(manifest));
        } catch (IOException | IllegalArgumentException e) {
            throw new FidelException("cannot read " + file + ": " + e.getMessage(), setting, e);
        }
    }

    /**
     * Whether the {@code normalizedText} of the utterances in {@code folder} is what {@code profile} makes of their
     * text today: the manifest there records that profile and this Fidel version (whose normalizer code made them).
     * Then a later goal carries that text ({@link Utterance#spoken()}) rather than normalizing it again.
     */
    public static boolean normalizedAlike(Path folder, NormalizerProfile profile) {
        try {
            DataManifest m = Json.read(folder.resolve(DataManifest.FILE_NAME), DataManifest.class);
            return profile.sha256().equals(m.normalizerSha256()) && Versions.FIDEL.equals(m.fidelVersion());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static PreparedData of(Path folder, DataManifest manifest) {
        return new PreparedData(folder, manifest, DataCounts.of(manifest));
    }

    /** The file of one split: {@code train.jsonl}, {@code val.jsonl} or {@code test.jsonl}. */
    public Path split(DataSplit split) {
        return folder.resolve(split.fileStem() + ".jsonl");
    }

    public int accepted() {
        return counts.accepted();
    }

    public int rejected() {
        return counts.rejected();
    }

    /**
     * The verdict on this data: a message when it fails (nothing usable remains, or more than {@code maxRejectedRatio}
     * of the inputs were rejected), null when it passes.
     */
    public String verdict(double maxRejectedRatio) {
        int accepted = accepted();
        int rejected = rejected();
        String reasons = topReasons(counts.rejectedByReason(), 5);
        if (accepted == 0) {
            return "nothing usable remains: all " + rejected + " inputs of the corpus were rejected (" + reasons + ").";
        }
        double ratio = (double) rejected / (accepted + rejected);
        if (ratio > maxRejectedRatio) {
            return String.format(Locale.ROOT, "%d of %d inputs were rejected (%.1f%%), more than maxRejectedRatio %.2f allows: %s.",
                    rejected, accepted + rejected, 100 * ratio, maxRejectedRatio, reasons);
        }
        return null;
    }

    /** One line for the log. */
    public String summary() {
        Map<String, Double> d = manifest.durations();
        return String.format(Locale.ROOT,
                "%d utterances (%.1f min of audio, %d speakers): train %d, val %d, test %d; %d rejected%s",
                accepted(), d.getOrDefault("total", 0.0) / 60, manifest.speakers().size(), counts.of(DataSplit.TRAIN),
                counts.of(DataSplit.VAL), counts.of(DataSplit.TEST), rejected(),
                rejected() == 0 ? "" : " (" + topReasons(counts.rejectedByReason(), 5) + ")");
    }

    /** "reason count, reason count, ...", most frequent first, then by code. */
    public static String topReasons(EnumMap<RejectReason, Integer> byReason, int limit) {
        return byReason.entrySet().stream()
                .sorted(Map.Entry.<RejectReason, Integer>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().code(), Comparator.naturalOrder()))
                .limit(limit)
                .map(e -> e.getKey().code() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
