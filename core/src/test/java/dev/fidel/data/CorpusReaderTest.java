package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each layout a corpus may use, read without decoding any audio (the files only have to exist). */
class CorpusReaderTest {

    @TempDir
    Path dir;

    private Path file(String rel, String content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private CorpusScan scan() throws IOException {
        return CorpusReader.scan(dir, CorpusReader.listFiles(dir));
    }

    private static Map<String, String> reasons(CorpusScan scan) {
        return scan.rejections().stream().collect(Collectors.toMap(Rejection::file, r -> r.reason().code()));
    }

    @Test
    void sidecarTextAndJsonWithSpeakersFromSubFolders() throws IOException {
        file("a.wav", "x");
        file("a.txt", "\uFEFFሰላም\nለዓለም\n");
        file("almaz/b.flac", "x");
        file("almaz/b.txt", "ቡና");
        file("almaz/c.mp3", "x");
        file("almaz/c.json", "{\"text\": \"ሻይ\", \"speaker\": \"tigist\"}");
        List<CorpusEntry> e = scan().entries();
        assertEquals(List.of("a", "almaz/b", "almaz/c"), e.stream().map(CorpusEntry::id).toList());
        assertEquals(List.of("default", "almaz", "tigist"), e.stream().map(CorpusEntry::speaker).toList());
        assertEquals("ሰላም ለዓለም", e.get(0).text(), "lines joined, byte-order mark dropped");
        assertEquals("almaz/c.json", e.get(2).source());
        assertTrue(e.get(0).isWholeFile());
    }

    @Test
    void lrcIsCutIntoTimedUtterances() throws IOException {
        file("song.ogg", "x");
        file("song.txt", "ignored: the .lrc wins");
        file("song.lrc", "[00:00.00]ውሃ ጠጣሁ\n[00:02.50]ምሳ በላሁ\n");
        List<CorpusEntry> e = scan().entries();
        assertEquals(List.of("song-001", "song-002"), e.stream().map(CorpusEntry::id).toList());
        assertEquals(2.5, e.get(0).end());
        assertEquals("song.lrc:2", e.get(1).source());
        assertEquals(Double.POSITIVE_INFINITY, e.get(1).end());
    }

    @Test
    void ljSpeechMetadata() throws IOException {
        file("lj/wavs/LJ001-0001.wav", "x");
        file("lj/wavs/LJ001-0002.wav", "x");
        file("lj/metadata.csv", "LJ001-0001|ጤና ይስጥልኝ|ጤና ይስጥልኝ\nLJ001-0002|ደህና ሁኑ\nLJ001-0003|ጠፍቷል|ጠፍቷል\nno pipe here\n");
        CorpusScan scan = scan();
        assertEquals(List.of("LJ001-0001", "LJ001-0002"), scan.entries().stream().map(CorpusEntry::id).toList());
        assertEquals("lj", scan.entries().get(0).speaker());
        assertEquals("ደህና ሁኑ", scan.entries().get(1).text());
        assertEquals(Map.of("lj/wavs/LJ001-0003.wav", "missing-audio", "lj/metadata.csv", "bad-transcript-file"), reasons(scan));
    }

    @Test
    void commonVoicePrefersValidatedTsvAndIgnoresOtherClips() throws IOException {
        file("clips/c1.opus", "x");
        file("clips/c2.opus", "x");
        file("clips/unvalidated.opus", "x");
        file("validated.tsv", "client_id\tpath\tsentence\tsource\tlicence\nspk1\tc1.opus\tአንድ\tx\tCC0\nspk2\tc2.opus\tሁለት\tx\tCC0\n"
                + "spk2\tgone.opus\tሶስት\tx\tCC0\n");
        file("invalidated.tsv", "client_id\tpath\tsentence\nspk3\tunvalidated.opus\tአራት\n");
        file("stray.txt", "no audio, but this corpus has a table");
        CorpusScan scan = scan();
        assertEquals(List.of("c1", "c2"), scan.entries().stream().map(CorpusEntry::id).toList());
        assertEquals(List.of("spk1", "spk2"), scan.entries().stream().map(CorpusEntry::speaker).toList());
        assertEquals("validated.tsv:3", scan.entries().get(1).source());
        assertEquals(Map.of("clips/gone.opus", "missing-audio"), reasons(scan));
        assertEquals(2, scan.ignored(), "the unvalidated clip and the stray transcript");
    }

    @Test
    void withoutValidatedTsvEveryTableWithPathAndSentenceIsRead() throws IOException {
        file("clips/a.mp3", "x");
        file("train.tsv", "path\tsentence\na.mp3\tአንድ\n");
        file("notes.tsv", "word\tcount\nx\t1\n");
        CorpusScan scan = scan();
        assertEquals(List.of("a"), scan.entries().stream().map(CorpusEntry::id).toList());
        assertEquals("default", scan.entries().get(0).speaker());
    }

    @Test
    void unpairedAndUnreadableFilesAreRejectedWithTheirReason() throws IOException {
        file("lonely.wav", "x");
        file("orphan.txt", "ሰላም");
        file("bad.wav", "x");
        Files.write(dir.resolve("bad.txt"), new byte[] {(byte) 0xC3, (byte) 0x28});
        file("broken.wav", "x");
        file("broken.json", "{\"sentence\": 5}");
        file(".hidden/x.wav", "x");
        file("README.md", "not a corpus file");
        CorpusScan scan = scan();
        assertTrue(scan.entries().isEmpty());
        assertEquals(Map.of("lonely.wav", "missing-transcript", "orphan.txt", "missing-audio",
                "bad.wav", "bad-transcript-file", "broken.wav", "bad-transcript-file"), reasons(scan));
        assertTrue(scan.rejections().stream().anyMatch(r -> r.detail().contains("not UTF-8")));
        assertEquals(7, scan.files().size(), "hidden folders are not part of the corpus");
    }

    @Test
    void aTableRowThatNamesNoPossibleFileRejectsOnlyThatRow() throws IOException {
        // A NUL in an id or path cell made Path.resolve throw InvalidPathException out of the scan: the run aborted.
        file("lj/wavs/LJ001.wav", "x");
        file("lj/metadata.csv", "LJ001|ጤና ይስጥልኝ|ጤና ይስጥልኝ\nLJ\u0000002|ደህና ሁኑ|ደህና ሁኑ\n");
        file("cv/clips/c1.opus", "x");
        file("cv/validated.tsv", "client_id\tpath\tsentence\ns\tc1.opus\tአንድ\ns\tc\u00002.opus\tሁለት\n");
        CorpusScan scan = scan();
        assertEquals(List.of("c1", "LJ001"), scan.entries().stream().map(CorpusEntry::id).toList());
        Map<String, String> bySource = scan.rejections().stream()
                .collect(Collectors.toMap(Rejection::source, r -> r.reason() + ": " + r.detail()));
        assertEquals(Set.of("lj/metadata.csv:2", "cv/validated.tsv:3"), bySource.keySet());
        bySource.values().forEach(d -> assertTrue(d.startsWith("bad-transcript-file: ") && d.contains("Nul character"), d));
    }
}
