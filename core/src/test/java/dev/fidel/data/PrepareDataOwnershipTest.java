package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.TestAudio;
import dev.fidel.event.CollectedEvents;
import dev.fidel.util.FileSnapshot;
import dev.fidel.util.OwnedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare-data never deletes or overwrites what it did not write (issue 10, items 1 and 7). */
class PrepareDataOwnershipTest {

    @TempDir
    Path tmp;

    Path corpus;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void corpus() throws IOException {
        corpus = tmp.resolve("corpus");
        String[] texts = {"ሰላም ለዓለም", "ቡና እንጠጣ", "ውሃ ጠጣሁ", "ቤት ሄድኩ"};
        for (int i = 0; i < texts.length; i++) {
            TestAudio.wav(corpus.resolve("u" + i + ".wav"), 16000, TestAudio.tone(1.0 + 0.1 * i, 16000, 150 + 20 * i, 0.3));
            Files.writeString(corpus.resolve("u" + i + ".txt"), texts[i]);
        }
    }

    private PrepareDataResult run(Path in, Path out, boolean force) throws FidelException {
        return new PrepareData().run(new PrepareDataRequest(in, out, 22050, QualityLimits.defaults(), 0.5, force, 2),
                CollectedEvents.into(log));
    }

    @Test
    void theCorpusAsItsOwnOutputIsRefusedAndKeepsEveryFile() throws Exception {
        // The reproduction: -Dfidel.corpus=C -Dfidel.data.output=C where C holds a manifest.json of its own.
        Files.writeString(corpus.resolve("manifest.json"), "{\"the user's\": \"manifest\"}");
        Files.writeString(corpus.resolve("notes.md"), "recording notes");
        Map<String, String> before = FileSnapshot.of(tmp);
        FidelException e = assertThrows(FidelException.class, () -> run(corpus, corpus, false));
        assertEquals("outputDirectory", e.setting());
        assertTrue(e.getMessage().contains("is <corpusDirectory>"), e.getMessage());
        assertEquals(before, FileSnapshot.of(tmp), "the corpus is whole and nothing was written beside it");
    }

    @Test
    void anOutputInsideOrAroundTheCorpusIsRefused() throws Exception {
        Map<String, String> before = FileSnapshot.of(tmp);
        FidelException inside = assertThrows(FidelException.class, () -> run(corpus, corpus.resolve("prepared"), false));
        assertTrue(inside.getMessage().contains("lies inside <corpusDirectory>"), inside.getMessage());
        FidelException around = assertThrows(FidelException.class, () -> run(corpus, tmp, false));
        assertTrue(around.getMessage().contains("holds <corpusDirectory>"), around.getMessage());
        Path link = Files.createSymbolicLink(tmp.resolve("link"), corpus);
        FidelException linked = assertThrows(FidelException.class, () -> run(corpus, link.resolve("out"), false));
        assertEquals("outputDirectory", linked.setting());
        Files.delete(link);
        assertEquals(before, FileSnapshot.of(tmp));
    }

    @Test
    void aFolderWithAManifestOfItsOwnIsNotTakenForAnEarlierOutput() throws Exception {
        // Ownership used to be decided by the file name manifest.json (or .fidel-fingerprint) alone.
        Path folder = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(folder.resolve("manifest.json"), "{}");
        Files.writeString(folder.resolve(".fidel-fingerprint"), "abc\n");
        Files.write(folder.resolve("take.wav"), new byte[] {1, 2, 3});
        Map<String, String> before = FileSnapshot.of(folder);
        FidelException e = assertThrows(FidelException.class, () -> run(corpus, folder, false));
        assertEquals("outputDirectory", e.setting());
        assertTrue(e.getMessage().contains("take.wav") && e.getMessage().contains("mvn clean"), e.getMessage());
        assertEquals(before, FileSnapshot.of(folder));
    }

    @Test
    void aFileTheUserPutInTheOutputStopsTheReplacementAndTheOldOutputStays() throws Exception {
        Path out = tmp.resolve("out");
        run(corpus, out, false);
        Files.writeString(out.resolve("audio/listening-notes.txt"), "u2 sounds odd");
        Map<String, String> before = FileSnapshot.of(out);
        FidelException e = assertThrows(FidelException.class, () -> run(corpus, out, true));
        assertEquals("outputDirectory", e.setting());
        assertTrue(e.getMessage().contains("audio/listening-notes.txt"), e.getMessage());
        assertEquals(before, FileSnapshot.of(out));
        Files.delete(out.resolve("audio/listening-notes.txt"));
        assertFalse(run(corpus, out, true).upToDate());
    }

    @Test
    void theNewOutputIsSwappedInByRenameAndNothingIsLeftBeside() throws Exception {
        Path out = tmp.resolve("out");
        run(corpus, out, false);
        // What a run killed between its renames leaves (Fidel's), and a user's folder with a similar name.
        Path crashed = tmp.resolve(".out.old-crashed");
        Files.createDirectories(crashed.resolve("audio"));
        Files.write(crashed.resolve("audio/u0.wav"), new byte[] {1});
        Files.writeString(crashed.resolve(OwnedFolder.MARKER), "{\"formatVersion\":1,\"tool\":\"fidel\",\"goal\":\"prepare-data\","
                + "\"runId\":\"x\",\"scratch\":false,\"entries\":{\"audio/u0.wav\":1}}");
        Path users = Files.createDirectories(tmp.resolve(".out.staging-mine"));
        Files.writeString(users.resolve("keep.txt"), "mine");
        run(corpus, out, true);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(".out.staging-mine", "corpus", "out"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("mine", Files.readString(users.resolve("keep.txt")));
        assertTrue(log.stream().anyMatch(m -> m.contains(".out.old-crashed") && m.contains("interrupted run")), log.toString());
        OwnedFolder owned = OwnedFolder.existing(out, "outputDirectory");
        assertEquals(null, owned.incompleteness());
        assertTrue(owned.entries().containsKey("train.jsonl") && owned.entries().containsKey("audio/u0.wav"), owned.entries().toString());
    }

    @Test
    void anOutputUnderFoldersThatDoNotExistYetIsCreated() throws Exception {
        Path out = tmp.resolve("target/fidel/data");
        assertFalse(run(corpus, out, false).upToDate());
        assertTrue(Files.isRegularFile(out.resolve("train.jsonl")));
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of("data"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aMissingOutputFileMakesTheRunStaleDespiteTheFingerprint() throws Exception {
        Path out = tmp.resolve("out");
        run(corpus, out, false);
        assertTrue(run(corpus, out, false).upToDate());
        Files.delete(out.resolve("val.jsonl"));
        PrepareDataResult again = run(corpus, out, false);
        assertFalse(again.upToDate());
        assertTrue(Files.exists(out.resolve("val.jsonl")));
        assertTrue(log.stream().anyMatch(m -> m.contains("val.jsonl is missing")), log.toString());
        Path first;
        try (Stream<Path> audio = Files.list(out.resolve("audio"))) {
            first = audio.sorted().findFirst().orElseThrow();
        }
        // A listed file whose SHA-256 changed (even one of the same size) is no longer Fidel's: noticed, kept, and named.
        byte[] changed = Files.readAllBytes(first);
        changed[changed.length - 1] ^= 1;
        Files.write(first, changed);
        FidelException e = assertThrows(FidelException.class, () -> run(corpus, out, false));
        assertTrue(e.getMessage().contains("audio/" + first.getFileName()), e.getMessage());
        assertTrue(log.stream().anyMatch(m -> m.contains(first.getFileName() + " was changed since Fidel wrote it")), log.toString());
        assertArrayEquals(changed, Files.readAllBytes(first));
    }
}
