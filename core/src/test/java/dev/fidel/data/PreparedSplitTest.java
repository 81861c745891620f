package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.TestAudio;
import dev.fidel.audio.WavReader;
import dev.fidel.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prepared splits read back: the clips prepare-data wrote (from the sample corpus's real Opus recordings and from WAV
 * tones at another rate) give exactly the samples FFmpeg decodes from them, read without FFmpeg; a clip that is not
 * what prepare-data writes is converted or refused by name; a damaged split names its file and line.
 */
class PreparedSplitTest {

    private static final Path SAMPLE = Path.of("..", "sample-project", "corpus");
    private static final int RATE = 22050;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void prepare() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SAMPLE.resolve("validated.tsv")), "no sample corpus at " + SAMPLE.toAbsolutePath());
        Path corpus = tmp.resolve("corpus");
        List<String> table = Files.readAllLines(SAMPLE.resolve("validated.tsv"));
        Files.createDirectories(corpus.resolve("clips"));
        for (String line : table.subList(1, 13)) {
            String clip = line.split("\t")[1];
            Files.copy(SAMPLE.resolve("clips").resolve(clip), corpus.resolve("clips").resolve(clip));
        }
        Files.write(corpus.resolve("validated.tsv"), table.subList(0, 13));
        TestAudio.wav(corpus.resolve("tones/t1.wav"), 16000, TestAudio.tone(1.3, 16000, 220, 0.4));
        Files.writeString(corpus.resolve("tones/t1.txt"), "ሰላም ለዓለም");
        out = tmp.resolve("out");
        new PrepareData().run(new PrepareDataRequest(corpus, out, RATE, QualityLimits.defaults(), 1.0, true, 2), EventSink.NONE);
    }

    private List<Utterance> all() throws FidelException {
        List<Utterance> all = new ArrayList<>();
        for (DataSplit s : DataSplit.values()) {
            all.addAll(PreparedSplit.utterances(out.resolve(s.fileStem() + ".jsonl"), "data"));
        }
        return all;
    }

    private static float[] floats(short[] pcm) {
        float[] f = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            f[i] = pcm[i] / 32768f;
        }
        return f;
    }

    @Test
    void preparedClipsAreReadAsTheyWereWritten() throws Exception {
        // That the plain-WAV read gives the samples FFmpeg decodes is FfmpegInputTest's (AudioDecoder takes it for such files).
        List<Utterance> all = all();
        assertTrue(all.size() >= 10, "prepare-data accepted " + all.size() + " of 13 clips");
        for (Utterance u : all) {
            Path clip = out.resolve(u.audio());
            assertTrue(WavReader.pcm16Mono(clip, RATE).isPresent(), clip + " is not read as prepare-data's plain WAV");
            assertArrayEquals(floats(WavReader.pcm16Mono(clip, RATE).get()), PreparedSplit.samples(clip, RATE, "trainManifest"),
                    clip.toString());
        }
    }

    @Test
    void atAnotherRateTheClipIsConvertedAsFfmpegConvertsIt() throws Exception {
        Path manifest = out.resolve("train.jsonl");
        Utterance u = PreparedSplit.utterances(manifest, "data").get(0);
        Path clip = PreparedSplit.clip(manifest, u);
        assertTrue(WavReader.pcm16Mono(clip, 16000).isEmpty(), "a 22,050 Hz clip must not be read as 16 kHz samples");
        assertArrayEquals(floats(new AudioDecoder(16000).decode(clip).samples()), PreparedSplit.samplesAt(manifest, u, 16000, "data"));
        assertEquals(PreparedSplit.samples(clip, RATE, "data").length, PreparedSplit.samplesAt(manifest, u, RATE, "data").length);
    }

    @Test
    void aClipThatIsNotWhatPrepareDataWritesIsRefusedByName() throws Exception {
        Path manifest = out.resolve("train.jsonl");
        Utterance u = PreparedSplit.utterances(manifest, "data").get(0);
        Path clip = PreparedSplit.clip(manifest, u);
        short[] tone = TestAudio.tone(1.0, 44100, 300, 0.3);
        TestAudio.wav(clip, 44100, tone, tone);
        FidelException e = assertThrows(FidelException.class, () -> PreparedSplit.samples(clip, RATE, "trainManifest"));
        assertTrue(e.getMessage().contains(clip.toString()) && e.getMessage().contains("2 channel(s), 44100 Hz, not 16-bit mono 22050 Hz"),
                e.getMessage());
        assertEquals("trainManifest", e.setting());
        // The gate's recognizer reads it anyway, converted as FFmpeg converts it.
        assertArrayEquals(floats(new AudioDecoder(RATE).decode(clip).samples()), PreparedSplit.samplesAt(manifest, u, RATE, "data"));
    }

    @Test
    void aCutOrMissingClipIsAnErrorNamingIt() throws Exception {
        Path manifest = out.resolve("train.jsonl");
        Utterance u = PreparedSplit.utterances(manifest, "data").get(0);
        Path clip = PreparedSplit.clip(manifest, u);
        byte[] bytes = Files.readAllBytes(clip);
        Files.write(clip, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        FidelException cut = assertThrows(FidelException.class, () -> PreparedSplit.samples(clip, RATE, "trainManifest"));
        assertTrue(cut.getMessage().contains(clip.toString()) && cut.getMessage().contains("truncated WAV"), cut.getMessage());
        Files.delete(clip);
        FidelException missing = assertThrows(FidelException.class, () -> PreparedSplit.samplesAt(manifest, u, RATE, "data"));
        assertTrue(missing.getMessage().contains(clip.toString()) && missing.getMessage().contains("utterance " + u.id())
                && missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aDamagedSplitNamesItsFileAndLine() throws Exception {
        Path manifest = out.resolve("train.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        lines.add(1, "{\"id\": 12");
        Files.write(manifest, lines);
        FidelException e = assertThrows(FidelException.class, () -> PreparedSplit.utterances(manifest, "data"));
        assertTrue(e.getMessage().startsWith(manifest + ":2: not an utterance line"), e.getMessage());
        assertEquals("data", e.setting());
        FidelException none = assertThrows(FidelException.class, () -> PreparedSplit.utterances(out.resolve("none.jsonl"), "data"));
        assertTrue(none.getMessage().contains("does not exist: run prepare-data first"), none.getMessage());
    }
}
