package dev.fidel.data;

import dev.fidel.util.BoundedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A Common Voice-style table: tab-separated, a header with {@code path} and {@code sentence}
 * (and usually {@code client_id}, the speaker); audio in {@code clips/} beside the table.
 */
final class CommonVoiceTable {

    private CommonVoiceTable() {
    }

    static boolean looksLikeOne(Path tsv) {
        try {
            // The header alone, at most a few kilobytes of it: a huge file with no line ends is not read whole.
            String first = BoundedFiles.firstLine(tsv, 64_000, "corpusDirectory");
            List<String> header = first == null ? List.of() : Arrays.asList(first.strip().split("\t"));
            return header.contains("path") && header.contains("sentence");
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    static void read(Path dir, Path table, CorpusScan scan, Set<Path> referenced) throws IOException {
        String name = CorpusReader.rel(dir, table);
        List<String> lines = CorpusReader.tableLines(name, table, scan);
        if (lines == null) {
            return;
        }
        List<String> header = lines.isEmpty() ? List.of() : Arrays.asList(lines.get(0).strip().split("\t"));
        int path = header.indexOf("path");
        int sentence = header.indexOf("sentence");
        int client = header.indexOf("client_id");
        if (path < 0 || sentence < 0) {
            scan.reject(Rejection.ofFile(name, RejectReason.BAD_TRANSCRIPT_FILE,
                    "line 1 must name the columns path and sentence (tab-separated), found " + header));
            return;
        }
        Path clips = table.resolveSibling("clips");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String source = name + ":" + (i + 1);
            try {
                String[] cells = line.split("\t", -1);
                if (cells.length <= Math.max(path, sentence) || cells[path].isBlank()) {
                    scan.reject(new Rejection(name, source, null, RejectReason.BAD_TRANSCRIPT_FILE,
                            "row has " + cells.length + " tab-separated cells, the header " + header.size()));
                    continue;
                }
                String clip = cells[path].strip();
                String id = CorpusReader.stem(clip);
                Path inClips = clips.resolve(clip).normalize();
                Path beside = table.resolveSibling(clip).normalize();
                // In clips/ first, else beside the table; a reason to refuse (outside, hidden) outweighs "missing".
                String inClipsProblem = scan.unlisted(inClips, "the path " + clip);
                String besideProblem = inClipsProblem == null ? null : scan.unlisted(beside, "the path " + clip);
                Path audio = inClipsProblem == null ? inClips : beside;
                String unlisted = inClipsProblem == null || besideProblem == null ? null
                        : inClipsProblem.isEmpty() ? besideProblem : inClipsProblem;
                if (unlisted != null && !unlisted.isEmpty()) {
                    scan.reject(new Rejection(name, source, id, RejectReason.OUTSIDE_CORPUS, unlisted));
                    continue;
                }
                String speaker = client >= 0 && client < cells.length && !cells[client].isBlank()
                        ? cells[client].strip() : CorpusReader.DEFAULT_SPEAKER;
                if (unlisted != null) {
                    scan.reject(new Rejection(CorpusReader.rel(dir, clips.resolve(clip)), source, id,
                            RejectReason.MISSING_AUDIO, "no file " + clip + " in " + CorpusReader.rel(dir, clips) + "/"));
                    continue;
                }
                referenced.add(audio);
                scan.add(CorpusEntry.whole(id, speaker, audio, CorpusReader.rel(dir, audio), source, cells[sentence]));
            } catch (RuntimeException e) {
                scan.reject(CorpusReader.badRow(name, source, e));
            }
        }
    }
}
