package dev.fidel.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fidel.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training lists a peer's own trainer reads, written by {@code prepare-data} beside its manifest, so
 * the peer trains on the same accepted utterances and the same normalized text (the normalizer profile
 * of the manifest). Audio paths are relative to this folder, as in {@code train.jsonl}, so the folder can
 * move:
 * <ul>
 * <li>XTTS (Coqui's {@code coqui} dataset formatter): {@code metadata_train.csv} (train split) and
 * {@code metadata_eval.csv} (validation split), pipe-separated with the header
 * {@code audio_file|text|speaker_name}; a field holding {@code |} or {@code "} is quoted CSV-style, as
 * pandas reads it;
 * <li>IndexTTS2: {@code indextts2_train.jsonl} and {@code indextts2_val.jsonl}, one
 * {@code {"id", "audio", "text", "speaker", "language", "duration"}} object a line: the source manifest of
 * the community trainer's {@code tools/preprocess_data.py} (IndexTTS2 publishes no trainer of its own),
 * which resolves {@code audio} against the manifest's folder.
 * </ul>
 * The test split is left to Fidel's own gate.
 */
public final class PeerTrainingLists {

    /** Changes when what these lists hold changes: part of prepare-data's fingerprint. */
    public static final int FORMAT_VERSION = 1;
    public static final String XTTS_TRAIN = "metadata_train.csv";
    public static final String XTTS_EVAL = "metadata_eval.csv";
    public static final String XTTS_HEADER = "audio_file|text|speaker_name";
    public static final String INDEXTTS2_TRAIN = "indextts2_train.jsonl";
    public static final String INDEXTTS2_VAL = "indextts2_val.jsonl";
    /** The language code both peers are given (XTTS: the {@code [am]} tag; IndexTTS2: the manifest's language). */
    public static final String LANGUAGE = "am";

    private static final ObjectMapper LINE = new ObjectMapper();

    /** One line of the IndexTTS2 list, fields in this order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "audio", "text", "speaker", "language", "duration"})
    record IndexTtsEntry(
            @JsonProperty("id") String id,
            @JsonProperty("audio") String audio,
            @JsonProperty("text") String text,
            @JsonProperty("speaker") String speaker,
            @JsonProperty("language") String language,
            @JsonProperty("duration") double duration) {
    }

    private PeerTrainingLists() {
    }

    /** Writes the four lists into {@code folder} from the accepted utterances of each split. */
    static void write(Path folder, Map<DataSplit, List<Utterance>> splits) throws IOException {
        writeCsv(folder.resolve(XTTS_TRAIN), splits.get(DataSplit.TRAIN));
        writeCsv(folder.resolve(XTTS_EVAL), splits.get(DataSplit.VAL));
        writeJsonl(folder.resolve(INDEXTTS2_TRAIN), splits.get(DataSplit.TRAIN));
        writeJsonl(folder.resolve(INDEXTTS2_VAL), splits.get(DataSplit.VAL));
    }

    private static void writeCsv(Path file, List<Utterance> utterances) throws IOException {
        StringBuilder b = new StringBuilder(XTTS_HEADER).append('\n');
        for (Utterance u : utterances) {
            b.append(field(u.audio())).append('|').append(field(text(u))).append('|').append(field(u.speaker())).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    private static void writeJsonl(Path file, List<Utterance> utterances) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Utterance u : utterances) {
            try {
                b.append(LINE.writeValueAsString(new IndexTtsEntry(u.id(), u.audio(), text(u), u.speaker(), LANGUAGE,
                        u.duration()))).append('\n');
            } catch (JsonProcessingException e) {
                throw new IOException("cannot write " + file + ": " + e.getOriginalMessage(), e);
            }
        }
        AtomicFiles.writeString(file, b.toString());
    }

    /** The text as Fidel normalized it: what the peer must learn, since Fidel's gate reads the same. */
    private static String text(Utterance u) {
        return u.normalizedText() != null ? u.normalizedText() : u.text();
    }

    /** A field of the pipe-separated list, quoted when it holds the separator, a quote or a line break. */
    static String field(String value) {
        String v = value == null ? "" : value;
        if (v.indexOf('|') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
