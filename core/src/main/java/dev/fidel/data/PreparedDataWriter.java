package dev.fidel.data;

import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Json;
import dev.fidel.util.Versions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes what a prepare-data run made of a corpus into the staging folder: the splits ({@code train|val|test.jsonl},
 * sorted by id), {@code rejected.jsonl} (the scan's rejections, then the outcomes' in corpus order), the peers'
 * training lists, {@code manifest.json} and the normalizer profile ({@code normalizer-profile.json}).
 */
final class PreparedDataWriter {

    private PreparedDataWriter() {
    }

    static DataManifest write(CorpusScan scan, List<UtteranceOutcome> outcomes, Map<String, String> inputs, Path corpus,
            Path stage, PrepareDataRequest request, NormalizerProfile profile) throws IOException {
        Map<DataSplit, List<Utterance>> splits = new EnumMap<>(DataSplit.class);
        for (DataSplit s : DataSplit.values()) {
            splits.put(s, new ArrayList<>());
        }
        List<Rejection> rejections = new ArrayList<>(scan.rejections());
        int downmixed = 0;
        for (UtteranceOutcome o : outcomes) {
            if (o instanceof UtteranceOutcome.Accepted a) {
                splits.get(DataSplit.of(a.utterance().id())).add(a.utterance());
                downmixed += a.downmixed() ? 1 : 0;
            } else {
                rejections.add(((UtteranceOutcome.Rejected) o).rejection());
            }
        }
        EnumMap<DataSplit, Integer> counts = new EnumMap<>(DataSplit.class);
        Map<String, Double> durations = new TreeMap<>();
        Set<String> speakers = new TreeSet<>();
        double total = 0;
        for (Map.Entry<DataSplit, List<Utterance>> s : splits.entrySet()) {
            List<Utterance> list = s.getValue();
            list.sort(Comparator.comparing(Utterance::id));
            writeLines(stage.resolve(s.getKey().fileStem() + ".jsonl"), list);
            double seconds = list.stream().mapToDouble(Utterance::duration).sum();
            counts.put(s.getKey(), list.size());
            durations.put(s.getKey().fileStem(), PrepareData.round(seconds));
            list.forEach(u -> speakers.add(u.speaker()));
            total += seconds;
        }
        writeLines(stage.resolve(PrepareData.REJECTED_FILE), rejections);
        PeerTrainingLists.write(stage, splits);
        durations.put("total", PrepareData.round(total));
        EnumMap<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
        rejections.forEach(r -> byReason.merge(r.reason(), 1, Integer::sum));
        DataCounts typed = new DataCounts(counts, byReason, inputs.size(), scan.ignored(), downmixed);
        DataManifest manifest = new DataManifest(DataManifest.FORMAT_VERSION, PrepareData.TASK, Versions.FIDEL, corpus.toString(),
                inputs, Json.MAPPER.valueToTree(profile), profile.sha256(), request.sampleRate(), request.limits(),
                request.maxRejectedRatio(), typed.manifestCounts(), typed.manifestRejectedByReason(), durations, List.copyOf(speakers));
        Json.write(stage.resolve(DataManifest.FILE_NAME), manifest);
        // The profile as a file of its own: what a user copies to edit rules (<normalizerProfile>).
        profile.write(stage.resolve(NormalizerProfile.FILE_NAME));
        return manifest;
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Object r : records) {
            b.append(Json.line(r)).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }
}
