package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.TestAudio;
import dev.fidel.event.CollectedEvents;
import dev.fidel.text.NormalizerProfile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defects 2 (a huge sidecar), 3 (a dangling output link), 4 (a linked corpus), 5 (a linked output folder) and
 * 8 (an edited normalizer-profile.json), each as a user runs into it with prepare-data.
 */
class PrepareDataLinksAndEditsTest {

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
        return run(new PrepareData(), in, out, force);
    }

    private PrepareDataResult run(PrepareData prepare, Path in, Path out, boolean force) throws FidelException {
        return prepare.run(new PrepareDataRequest(in, out, 22050, QualityLimits.defaults(), 0.5, force, 2), CollectedEvents.into(log));
    }

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDanglingOutputLinkIsRefusedUpFrontAndLeavesNothingBehind() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("data"), tmp.resolve("mounted/disk/data"));
        FidelException e = assertThrows(FidelException.class, () -> run(corpus, link, false));
        assertEquals("outputDirectory", e.setting());
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("mounted/disk/data"), e.getMessage());
        assertEquals(List.of("corpus", "data"), names(tmp), "no staging folder, nothing created where the link points");
    }

    @Test
    void aCorpusGivenThroughALinkPrepares() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("corpus-link"), corpus);
        PrepareDataResult result = run(link, tmp.resolve("out"), false);
        assertEquals(4, result.manifest().count("accepted"));
    }

    @Test
    void aLinkInsideTheCorpusThatLeavesItStaysRefused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        TestAudio.wav(outside.resolve("x.wav"), 16000, TestAudio.tone(1.0, 16000, 200, 0.3));
        Files.writeString(outside.resolve("x.txt"), "ሰላም");
        Files.createSymbolicLink(corpus.resolve("more"), outside);
        Path link = Files.createSymbolicLink(tmp.resolve("corpus-link"), corpus);
        PrepareDataResult result = run(link, tmp.resolve("out"), false);
        assertEquals(4, result.manifest().count("accepted"), "the linked folder inside is not followed");
        assertFalse(result.manifest().inputs().keySet().stream().anyMatch(f -> f.startsWith("more/")), result.manifest().inputs().toString());
    }

    @Test
    void aLinkedOutputFolderIsUsedAndAUsersFileInItIsNamed() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("disk/prepared"));
        Path link = Files.createSymbolicLink(tmp.resolve("data"), real);
        run(corpus, link, false);
        assertTrue(Files.isRegularFile(real.resolve("train.jsonl")));
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        Files.writeString(real.resolve("listening-notes.txt"), "u2 is noisy");
        FidelException e = assertThrows(FidelException.class, () -> run(corpus, link, true));
        assertTrue(e.getMessage().contains("holds listening-notes.txt, which"), e.getMessage());
        assertFalse(e.getMessage().contains("holds , which"), e.getMessage());
        assertEquals("u2 is noisy", Files.readString(real.resolve("listening-notes.txt")));
    }

    @Test
    void anEditedNormalizerProfileInTheOutputIsKeptAndNamed() throws Exception {
        Path out = tmp.resolve("out");
        run(corpus, out, false);
        Path profile = out.resolve(NormalizerProfile.FILE_NAME);
        // An edit that keeps the size: a size check alone would not see it.
        String edited = Files.readString(profile).replaceFirst("\"name\" : \"(.)", "\"name\" : \"X");
        assertEquals(Files.size(profile), edited.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        Files.writeString(profile, edited);
        for (boolean force : new boolean[] {false, true}) {
            FidelException e = assertThrows(FidelException.class, () -> run(corpus, out, force));
            assertTrue(e.getMessage().contains(NormalizerProfile.FILE_NAME) && e.getMessage().contains("<normalizerProfile>"),
                    e.getMessage());
            assertEquals(edited, Files.readString(profile));
        }
    }

    @Test
    void aProfilePointedAtTheOutputsOwnCopyIsNotDeleted() throws Exception {
        Path out = tmp.resolve("out");
        run(corpus, out, false);
        Path profile = out.resolve(NormalizerProfile.FILE_NAME);
        String before = Files.readString(profile);
        PrepareData withProfile = new PrepareData(NormalizerProfile.configured(profile), profile);
        FidelException e = assertThrows(FidelException.class, () -> run(withProfile, corpus, out, true));
        assertEquals("outputDirectory", e.setting());
        assertTrue(e.getMessage().contains("holds <normalizerProfile>"), e.getMessage());
        assertEquals(before, Files.readString(profile));
    }

    @Test
    void aSixHundredMegabyteSidecarIsRefusedByNameWithoutReadingIt() throws Exception {
        TestAudio.wav(corpus.resolve("huge.wav"), 16000, TestAudio.tone(1.0, 16000, 200, 0.3));
        Path huge = corpus.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(600L * 1000 * 1000); // sparse: no disk used
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        PrepareDataResult result = run(corpus, tmp.resolve("out"), false);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(4, result.manifest().count("accepted"));
        String rejection = Files.readString(tmp.resolve("out/" + PrepareData.REJECTED_FILE));
        assertTrue(rejection.contains("huge.txt") && rejection.contains("600.0 MB") && rejection.contains("4.0 MB")
                && rejection.contains("<corpusDirectory>"), rejection);
        assertTrue(allocated < 200_000_000L, "allocated " + allocated + " bytes for a corpus with a 600 MB sidecar");
    }
}
