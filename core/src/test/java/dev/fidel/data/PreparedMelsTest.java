package dev.fidel.data;

import static dev.fidel.recognition.TestSplits.MEL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.audio.WavWriter;
import dev.fidel.event.CollectedEvents;
import dev.fidel.recognition.TestSplits;
import dev.fidel.util.OwnedFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mels shared by finetune and the recognizer: read from the cache they are the very floats computed from the clips,
 * a changed clip is computed again, a damaged cache is not used (and, changed since Fidel wrote it, is kept like any file
 * of the user's), and a user's file is never written over.
 */
class PreparedMelsTest {

    private final List<String> log = new ArrayList<>();

    /** Prepared data (a prepare-data marker) of 8 training clips; the cache beside it is {@code data-mels}. */
    private static Path prepared(Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        OwnedFolder.open(data, PrepareData.TASK, "outputDirectory");
        return data;
    }

    private List<float[][]> mels(Path data, PreparedMels.ClipReader reader) throws FidelException {
        Path manifest = data.resolve("train.jsonl");
        return PreparedMels.of(manifest, PreparedSplit.utterances(manifest, "trainManifest"), MEL, reader, CollectedEvents.into(log));
    }

    private static float[] read(Path clip) throws FidelException {
        return PreparedSplit.samples(clip, MEL.sampleRate(), "trainManifest");
    }

    /** What finetune computed before the cache: each clip's mel, straight from its samples. */
    private static List<float[][]> fresh(Path data) throws FidelException {
        MelSpectrogram spectrogram = new MelSpectrogram(MEL);
        List<float[][]> out = new ArrayList<>();
        for (Utterance u : PreparedSplit.utterances(data.resolve("train.jsonl"), "trainManifest")) {
            out.add(spectrogram.compute(read(data.resolve(u.audio()))));
        }
        return out;
    }

    private static void assertSameFloats(List<float[][]> expected, List<float[][]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).length, actual.get(i).length, "frames of clip " + i);
            for (int f = 0; f < expected.get(i).length; f++) {
                assertArrayEquals(expected.get(i)[f], actual.get(i)[f], 0f, "clip " + i + ", frame " + f);
            }
        }
    }

    private Path cacheFile(Path data) {
        return PreparedMels.cacheFolder(data).resolve(PreparedMels.fileName(data.resolve("train.jsonl"), MEL));
    }

    private String last() {
        return log.get(log.size() - 1);
    }

    @Test
    void theSecondGoalReadsTheFirstOnesMelsBitForBitWithoutDecodingAClip(@TempDir Path dir) throws Exception {
        Path data = prepared(dir);
        List<float[][]> first = mels(data, PreparedMelsTest::read);
        assertTrue(last().contains("0 from the cache") && last().contains("8 computed"), last());
        assertTrue(Files.isRegularFile(dir.resolve("data-mels").resolve(PreparedMels.fileName(data.resolve("train.jsonl"), MEL))));

        List<float[][]> second = mels(data, clip -> {
            throw new AssertionError("decoded " + clip + " although its mel is cached");
        });
        assertTrue(last().contains("8 from the cache") && last().contains("0 computed"), last());
        assertSameFloats(fresh(data), first);
        assertSameFloats(fresh(data), second);
    }

    @Test
    void aClipThatChangedIsComputedAgainAndOnlyIt(@TempDir Path dir) throws Exception {
        Path data = prepared(dir);
        mels(data, PreparedMelsTest::read);
        short[] other = new short[MEL.sampleRate() / 3];
        for (int s = 0; s < other.length; s++) {
            other[s] = (short) (3000 * Math.sin(2 * Math.PI * 450 * s / MEL.sampleRate()));
        }
        WavWriter.write(data.resolve("audio/train3.wav"), other, MEL.sampleRate());

        List<float[][]> again = mels(data, PreparedMelsTest::read);
        assertTrue(last().contains("7 from the cache") && last().contains("1 computed"), last());
        assertSameFloats(fresh(data), again);
        assertEquals(other.length / MEL.hop() + 1, again.get(3).length, "the new clip's mel");
    }

    @Test
    void aDamagedCacheIsComputedAgainAndKeptUntilRemoved(@TempDir Path dir) throws Exception {
        Path data = prepared(dir);
        mels(data, PreparedMelsTest::read);
        Path file = cacheFile(data);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);

        List<float[][]> flipped = mels(data, PreparedMelsTest::read);
        assertTrue(log.stream().anyMatch(l -> l.contains("is not usable (its checksum does not match its content)")), log::toString);
        assertTrue(last().contains("8 computed"), last());
        assertSameFloats(fresh(data), flipped);

        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 100));
        List<float[][]> truncated = mels(data, PreparedMelsTest::read);
        assertTrue(log.stream().anyMatch(l -> l.contains("is not usable (it ends early)")), log::toString);
        assertSameFloats(fresh(data), truncated);

        // Changed since Fidel wrote it, the file counts as the user's: kept as it is, named, and the cache heals once it is gone.
        assertTrue(log.stream().anyMatch(l -> l.contains("the mels are not cached in " + file)), log::toString);
        assertEquals(whole.length - 100, Files.size(file));
        Files.delete(file);
        mels(data, PreparedMelsTest::read);
        mels(data, PreparedMelsTest::read);
        assertTrue(last().contains("8 from the cache"), "written again: " + last());
    }

    @Test
    void aFileOfTheUsersInTheCachesPlaceIsNotWrittenOver(@TempDir Path dir) throws Exception {
        Path data = prepared(dir);
        Path file = cacheFile(data);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "my notes");

        List<float[][]> mels = mels(data, PreparedMelsTest::read);
        assertSameFloats(fresh(data), mels);
        assertEquals("my notes", Files.readString(file));
        assertTrue(log.stream().anyMatch(l -> l.contains("the mels are not cached in " + file)), log::toString);
    }

    @Test
    void manifestsThatPrepareDataDidNotWriteGetNoCacheBesideThem(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        assertSameFloats(fresh(data), mels(data, PreparedMelsTest::read));
        assertFalse(Files.exists(dir.resolve("data-mels")));
        assertTrue(last().contains("0 from the cache, 8 computed"), last());
    }
}
