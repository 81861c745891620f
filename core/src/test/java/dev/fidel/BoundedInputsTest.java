package dev.fidel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.codec.VqMelCodec;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.BoundedFiles;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocabulary.VocabularyTraining;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defect 2: a huge file given where Fidel reads a whole file is refused before it is read, by a message
 * naming the file, its size, the limit and the element, never noticed as "OutOfMemoryError: Java heap space".
 * The files are sparse: 600 MB on paper, no disk used.
 */
class BoundedInputsTest {

    @TempDir
    Path dir;

    private Path sparse(String name, long bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    private static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aHugeVocabularyModelIsRefusedNamingVocabulary() throws Exception {
        Path model = sparse("vocab/vocabulary.model", 600_000_000L);
        Files.writeString(dir.resolve("vocab/vocabulary.json"), "{}");
        long bytes = allocatedBy(() -> {
            FidelException e = assertThrows(FidelException.class, () -> Vocabulary.load(dir.resolve("vocab"), NormalizerProfile.amharic()));
            assertEquals("vocabulary", e.setting());
            assertTrue(e.getMessage().contains(model + " is 600.0 MB, more than the 64.0 MB"), e.getMessage());
        });
        assertTrue(bytes < 64_000_000L, "allocated " + bytes);
    }

    @Test
    void aHugeBaseVocabularyIsRefusedNamingBaseVocabulary() throws Exception {
        Path model = sparse("base.model", 600_000_000L);
        Path text = Files.writeString(dir.resolve("t.txt"), "ሰላም ለዓለም\n");
        FidelException e = assertThrows(FidelException.class, () -> new VocabularyTraining(dev.fidel.event.EventSink.NONE).run(
                new VocabularyTraining.Request(List.of(), List.of(text), dir.resolve("out"), TrainerOptions.defaults().withVocabSize(700),
                        model, NormalizerProfile.amharic(), false)));
        assertEquals("baseVocabulary", e.setting());
        assertTrue(e.getMessage().contains("<baseVocabulary> " + model + " is 600.0 MB"), e.getMessage());
    }

    @Test
    void aHugeCodecIsRefusedNamingCodec() throws Exception {
        Path codec = sparse("codec.vq", 600_000_000L);
        long bytes = allocatedBy(() -> {
            FidelException e = assertThrows(FidelException.class, () -> VqMelCodec.load(codec, "codec"));
            assertEquals("codec", e.setting());
            assertTrue(e.getMessage().contains("600.0 MB, more than the 512.0 MB"), e.getMessage());
        });
        assertTrue(bytes < 64_000_000L, "allocated " + bytes);
    }

    @Test
    void aHugeNormalizerProfileIsRefusedNamingNormalizerProfile() throws Exception {
        Path profile = sparse("profile.json", 600_000_000L);
        FidelException e = assertThrows(FidelException.class, () -> NormalizerProfile.configured(profile));
        assertEquals(NormalizerProfile.SETTING, e.setting());
        assertTrue(e.getMessage().contains("600.0 MB"), e.getMessage());
    }

    @Test
    void aJsonFileNestedTooDeepIsAnErrorNamingTheFileNotAStackOverflow() throws Exception {
        Path sidecar = dir.resolve("u1.json");
        Files.writeString(sidecar, "{\"text\": \"ሰላም\", \"notes\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> BoundedFiles.tree(sidecar, BoundedFiles.Kind.TRANSCRIPT, "corpusDirectory"));
        assertTrue(e.getMessage().startsWith(sidecar + ": not valid JSON") && e.getMessage().contains("nesting depth"), e.getMessage());
    }
}
