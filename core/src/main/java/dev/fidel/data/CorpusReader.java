package dev.fidel.data;

import dev.fidel.util.BoundedFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the utterances of a corpus directory, in any mix of these layouts:
 * <ul>
 *   <li>Common Voice: {@code validated.tsv} (or, without one, every {@code .tsv} with {@code path} and
 *       {@code sentence} columns), audio in {@code clips/}, speaker from {@code client_id};</li>
 *   <li>LJSpeech: {@code metadata.csv} with {@code id|text|normalized}, audio in {@code wavs/};</li>
 *   <li>audio with a same-name {@code .lrc} (timed lyrics, cut into one utterance per line),
 *       {@code .txt} or {@code .json} ({@code text}, optional {@code speaker}), in that order of preference.</li>
 * </ul>
 * Without a table a speaker is the sub-folder an audio file sits in (first level), else "default".
 * An audio file without a transcript, or a transcript without audio, is rejected; in a corpus that has
 * a table both are ignored instead (Common Voice's clips/ holds the clips of every table).
 * The order of the entries is deterministic: tables in path order, then the remaining audio in path order.
 */
public final class CorpusReader {

    public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "flac", "mp3", "ogg", "opus", "m4a");
    public static final String DEFAULT_SPEAKER = "default";

    private CorpusReader() {
    }

    /**
     * Every regular, non-hidden file under {@code dir}, sorted by path (each as a path under {@code dir}). A corpus
     * given through a symbolic link is listed where the link points; links to folders inside it are not followed.
     */
    public static List<Path> listFiles(Path dir) throws IOException {
        Path root = dir.toRealPath();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.resolve(root.relativize(p).toString()))
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    public static CorpusScan scan(Path dir, List<Path> files) throws IOException {
        CorpusScan scan = new CorpusScan(dir, files);
        Set<Path> referenced = new HashSet<>();
        List<Path> tables = commonVoiceTables(files);
        for (Path table : tables) {
            CommonVoiceTable.read(dir, table, scan, referenced);
        }
        for (Path file : files) {
            if (file.getFileName().toString().equals("metadata.csv")) {
                LjSpeechTable.read(dir, file, scan, referenced);
                tables = append(tables, file);
            }
        }
        Set<Path> tableFiles = Set.copyOf(tables);
        Map<String, List<Path>> byStem = new TreeMap<>();
        for (Path file : files) {
            if (!tableFiles.contains(file) && !referenced.contains(file)) {
                byStem.computeIfAbsent(stem(file.toString()), k -> new ArrayList<>()).add(file);
            }
        }
        for (List<Path> group : byStem.values()) {
            try {
                readSidecarGroup(dir, group, scan, !tables.isEmpty());
            } catch (RuntimeException e) {
                // Last line of defence: whatever a sidecar holds, it rejects its own entry, never the run.
                for (Path p : group) {
                    scan.reject(Rejection.ofFile(rel(dir, p), RejectReason.BAD_TRANSCRIPT_FILE, "cannot read it: " + e));
                }
            }
        }
        return scan;
    }

    private static void readSidecarGroup(Path dir, List<Path> group, CorpusScan scan, boolean hasTables) throws IOException {
        List<Path> audio = new ArrayList<>();
        Path lrc = null;
        Path txt = null;
        Path json = null;
        for (Path p : group) {
            switch (extension(p)) {
                case "lrc" -> lrc = p;
                case "txt" -> txt = p;
                case "json" -> json = p;
                default -> {
                    if (AUDIO_EXTENSIONS.contains(extension(p))) {
                        audio.add(p);
                    }
                }
            }
        }
        if (audio.isEmpty() && hasTables) {
            if (lrc != null || txt != null || json != null) {
                scan.countIgnored();
            }
            return;
        }
        if (audio.isEmpty()) {
            for (Path transcript : new Path[] {lrc, txt, json}) {
                if (transcript != null) {
                    scan.reject(Rejection.ofFile(rel(dir, transcript), RejectReason.MISSING_AUDIO,
                            "no audio file named " + stem(transcript.getFileName().toString()) + ".{"
                                    + String.join(",", new java.util.TreeSet<>(AUDIO_EXTENSIONS)) + "} beside this transcript"));
                }
            }
            return;
        }
        for (Path a : audio) {
            String id = stem(rel(dir, a));
            String speaker = speakerOf(dir, a);
            if (lrc != null) {
                readLrc(dir, a, lrc, speaker, scan);
            } else if (txt != null || json != null) {
                Path sidecar = txt != null ? txt : json;
                String text;
                try {
                    if (txt != null) {
                        text = String.join(" ", readUtf8(txt, BoundedFiles.Kind.TRANSCRIPT).strip().split("\\s*\\R\\s*"));
                    } else {
                        JsonNode node = Json.MAPPER.readTree(readUtf8(json, BoundedFiles.Kind.TRANSCRIPT));
                        if (node == null || !node.isObject()) {
                            throw new IOException("it is not a JSON object with a \"text\" string");
                        }
                        JsonNode t = firstOf(node, "text", "sentence", "transcript");
                        if (t == null || !t.isTextual()) {
                            throw new IOException("it has no \"text\" string");
                        }
                        text = t.asText();
                        JsonNode s = node.get("speaker");
                        if (s != null && s.isTextual() && !s.asText().isBlank()) {
                            speaker = s.asText().strip();
                        }
                    }
                } catch (IOException e) {
                    scan.reject(new Rejection(rel(dir, a), rel(dir, sidecar), id, RejectReason.BAD_TRANSCRIPT_FILE,
                            "cannot read " + rel(dir, sidecar) + ": " + e.getMessage()));
                    continue;
                }
                scan.add(CorpusEntry.whole(id, speaker, a, rel(dir, a), rel(dir, sidecar), text));
            } else if (hasTables) {
                scan.countIgnored();
            } else {
                scan.reject(new Rejection(rel(dir, a), null, id, RejectReason.MISSING_TRANSCRIPT,
                        "no " + stem(a.getFileName().toString()) + ".txt, .json or .lrc beside this audio file"));
            }
        }
    }

    private static void readLrc(Path dir, Path audio, Path lrc, String speaker, CorpusScan scan) throws IOException {
        String stem = stem(rel(dir, audio));
        List<LrcLyrics.Segment> segments;
        try {
            segments = LrcLyrics.parse(readUtf8(lrc, BoundedFiles.Kind.TRANSCRIPT));
        } catch (IOException e) {
            scan.reject(new Rejection(rel(dir, audio), rel(dir, lrc), stem, RejectReason.BAD_TRANSCRIPT_FILE,
                    "cannot read " + rel(dir, lrc) + ": " + e.getMessage()));
            return;
        }
        if (segments.isEmpty()) {
            scan.reject(new Rejection(rel(dir, audio), rel(dir, lrc), stem, RejectReason.BAD_TRANSCRIPT_FILE,
                    rel(dir, lrc) + " has no [mm:ss.xx] timestamped line"));
        }
        for (int i = 0; i < segments.size(); i++) {
            LrcLyrics.Segment s = segments.get(i);
            scan.add(new CorpusEntry(LrcLyrics.id(stem, i), speaker, audio, rel(dir, audio),
                    rel(dir, lrc) + ":" + s.line(), s.text(), s.start(), s.end()));
        }
    }

    private static List<Path> commonVoiceTables(List<Path> files) {
        List<Path> validated = files.stream().filter(p -> p.getFileName().toString().equals("validated.tsv")).toList();
        if (!validated.isEmpty()) {
            return validated;
        }
        return files.stream().filter(p -> extension(p).equals("tsv")).filter(CommonVoiceTable::looksLikeOne).toList();
    }

    private static JsonNode firstOf(JsonNode node, String... names) {
        for (String n : names) {
            if (node.has(n)) {
                return node.get(n);
            }
        }
        return null;
    }

    private static List<Path> append(List<Path> list, Path p) {
        List<Path> copy = new ArrayList<>(list);
        copy.add(p);
        return copy;
    }

    static String speakerOf(Path dir, Path audio) {
        Path rel = dir.relativize(audio);
        return rel.getNameCount() > 1 ? rel.getName(0).toString() : DEFAULT_SPEAKER;
    }

    /** A text file's content as strict UTF-8, without a byte-order mark. */
    /** The lines of a transcript table, or null after rejecting a table that cannot be read. */
    static List<String> tableLines(String name, Path table, CorpusScan scan) {
        try {
            return readUtf8(table, BoundedFiles.Kind.TABLE).lines().toList();
        } catch (IOException e) {
            scan.reject(Rejection.ofFile(name, RejectReason.BAD_TRANSCRIPT_FILE, "cannot read it: " + e.getMessage()));
            return null;
        }
    }

    /** Last line of defence for a table row: whatever it holds, an unchecked exception rejects that row only. */
    static Rejection badRow(String table, String source, RuntimeException e) {
        return new Rejection(table, source, null, RejectReason.BAD_TRANSCRIPT_FILE,
                "this row cannot be read (" + e + "); correct or remove it");
    }

    /** A corpus text file as strict UTF-8, its size checked against {@code kind}'s limit before it is read. */
    static String readUtf8(Path file, BoundedFiles.Kind kind) throws IOException {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(BoundedFiles.bytes(file, kind, "corpusDirectory"))).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text");
        }
    }

    static String rel(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String stem(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }

    private static boolean isHidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
