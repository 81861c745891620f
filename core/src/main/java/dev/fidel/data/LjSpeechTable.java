package dev.fidel.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An LJSpeech-style {@code metadata.csv}: {@code id|text|normalized text} per line, no header, audio
 * in {@code wavs/<id>.wav} beside it. The original text is read; the normalizer makes its own.
 * Speaker: the folder the table is in when that is below the corpus directory, else "default".
 */
final class LjSpeechTable {

    private LjSpeechTable() {
    }

    static void read(Path dir, Path table, CorpusScan scan, Set<Path> referenced) throws IOException {
        String name = CorpusReader.rel(dir, table);
        List<String> lines = CorpusReader.tableLines(name, table, scan);
        if (lines == null) {
            return;
        }
        Path folder = table.getParent();
        String speaker = folder.equals(dir) ? CorpusReader.DEFAULT_SPEAKER : folder.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String source = name + ":" + (i + 1);
            try {
                String[] cells = line.split("\\|", 3);
                if (cells.length < 2 || cells[0].isBlank()) {
                    scan.reject(new Rejection(name, source, null, RejectReason.BAD_TRANSCRIPT_FILE,
                            "expected id|text|normalized text, found no '|'"));
                    continue;
                }
                String id = cells[0].strip();
                Path audio = folder.resolve("wavs").resolve(id + ".wav").normalize();
                String unlisted = scan.unlisted(audio, "the id " + id);
                if (unlisted != null && !unlisted.isEmpty()) {
                    scan.reject(new Rejection(name, source, id, RejectReason.OUTSIDE_CORPUS, unlisted));
                    continue;
                }
                if (unlisted != null) {
                    scan.reject(new Rejection(CorpusReader.rel(dir, audio), source, id, RejectReason.MISSING_AUDIO,
                            "no file wavs/" + id + ".wav beside " + name));
                    continue;
                }
                referenced.add(audio);
                scan.add(CorpusEntry.whole(id, speaker, audio, CorpusReader.rel(dir, audio), source, cells[1]));
            } catch (RuntimeException e) {
                scan.reject(CorpusReader.badRow(name, source, e));
            }
        }
    }
}
