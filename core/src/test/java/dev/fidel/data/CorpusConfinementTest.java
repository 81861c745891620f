package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.TestAudio;
import dev.fidel.event.EventSink;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, items 3, 5 and 6: audio names cannot collide, rows cannot read outside the corpus, a bad sidecar rejects only itself. */
class CorpusConfinementTest {

    @TempDir
    Path tmp;

    private PrepareDataResult prepare(Path corpus, int threads) throws Exception {
        return new PrepareData().run(new PrepareDataRequest(corpus, tmp.resolve("out-" + threads), 22050, QualityLimits.defaults(),
                1.0, false, threads), EventSink.NONE);
    }

    private static <T> List<T> jsonl(Path file, Class<T> type) throws IOException {
        List<T> all = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            all.add(Json.LINE.readValue(line, type));
        }
        return all;
    }

    private static List<Utterance> utterances(Path out) throws IOException {
        List<Utterance> all = new ArrayList<>();
        for (DataSplit s : DataSplit.values()) {
            all.addAll(jsonl(out.resolve(s.fileStem() + ".jsonl"), Utterance.class));
        }
        return all;
    }

    private static List<Rejection> rejected(Path out) throws IOException {
        return jsonl(out.resolve(PrepareData.REJECTED_FILE), Rejection.class);
    }

    @Test
    void idsThatCleanAlikeGetFilesOfTheirOwn() throws Exception {
        // spk/utt1 and spk__utt1 both used to become audio/spk__utt1.wav, written by two threads: one lost its audio.
        Path corpus = tmp.resolve("corpus");
        TestAudio.wav(corpus.resolve("spk/utt1.wav"), 16000, TestAudio.tone(1.0, 16000, 200, 0.3));
        Files.writeString(corpus.resolve("spk/utt1.txt"), "ሰላም ለዓለም");
        TestAudio.wav(corpus.resolve("spk__utt1.wav"), 16000, TestAudio.tone(1.6, 16000, 300, 0.3));
        Files.writeString(corpus.resolve("spk__utt1.txt"), "ቡና እንጠጣ");
        for (int threads : new int[] {1, 2}) {
            PrepareDataResult r = prepare(corpus, threads);
            List<Utterance> all = utterances(r.outputDirectory());
            assertEquals(2, all.size(), all.toString());
            assertNotEquals(all.get(0).audio(), all.get(1).audio());
            AudioDecoder decoder = new AudioDecoder(22050);
            for (Utterance u : all) {
                double seconds = decoder.decode(r.outputDirectory().resolve(u.audio())).duration();
                assertEquals(u.id().equals("spk/utt1") ? 1.0 : 1.6, seconds, 0.01, u + ": its own audio");
            }
        }
    }

    @Test
    void namesAreUniqueOnFileSystemsThatIgnoreCase() {
        List<CorpusEntry> entries = List.of("A", "a", "spk/x", "spk_x", "Straße").stream()
                .map(id -> CorpusEntry.whole(id, "s", Path.of(id + ".wav"), id + ".wav", id + ".txt", "ሰላም")).toList();
        Map<CorpusEntry, String> names = UtteranceProcessing.audioNames(entries);
        Set<String> folded = names.values().stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertEquals(entries.size(), folded.size(), names.toString());
        assertEquals("audio/A.wav", names.get(entries.get(0)), "the first keeps its plain name");
        assertEquals(names, UtteranceProcessing.audioNames(entries), "the same corpus gives the same names");
    }

    @Test
    void rowsThatLeadOutsideTheCorpusAreRejectedAndNothingOutsideIsRead() throws Exception {
        Path corpus = tmp.resolve("corpus");
        Path outside = tmp.resolve("outside/x.wav");
        TestAudio.wav(outside, 16000, TestAudio.tone(1.0, 16000, 220, 0.3));
        // LJSpeech: an id that climbs out of wavs/, and one that is absolute.
        TestAudio.wav(corpus.resolve("lj/wavs/LJ001.wav"), 16000, TestAudio.tone(1.0, 16000, 250, 0.3));
        Files.writeString(corpus.resolve("lj/metadata.csv"), "LJ001|ሰላም ለዓለም|ሰላም ለዓለም\n../../../outside/x|ቡና እንጠጣ|\n"
                + outside.toString().replace(".wav", "") + "|ውሃ ጠጣሁ|\n");
        // Common Voice: a ../ path, an absolute path, and a hidden clip (not part of the corpus, not fingerprinted).
        TestAudio.wav(corpus.resolve("cv/clips/c1.wav"), 16000, TestAudio.tone(1.0, 16000, 270, 0.3));
        TestAudio.wav(corpus.resolve("cv/clips/.hidden.wav"), 16000, TestAudio.tone(1.0, 16000, 290, 0.3));
        Files.writeString(corpus.resolve("cv/validated.tsv"), "client_id\tpath\tsentence\nu1\tc1.wav\tቤት ሄድኩ\n"
                + "u1\t../../../outside/x.wav\tጤና ይስጥልኝ\nu1\t" + outside + "\tደህና ሁኑ\nu1\t.hidden.wav\tምሳ በላሁ\n");
        PrepareDataResult r = prepare(corpus, 2);
        assertEquals(Set.of("LJ001", "c1"), utterances(r.outputDirectory()).stream().map(Utterance::id).collect(Collectors.toSet()));
        Map<String, String> bySource = new HashMap<>();
        rejected(r.outputDirectory()).forEach(x -> bySource.put(x.source(), x.reason() + ": " + x.detail()));
        for (String source : List.of("lj/metadata.csv:2", "lj/metadata.csv:3", "cv/validated.tsv:3", "cv/validated.tsv:4",
                "cv/validated.tsv:5")) {
            assertTrue(bySource.containsKey(source) && bySource.get(source).startsWith("outside-corpus: "), source + " in " + bySource);
        }
        assertTrue(bySource.get("lj/metadata.csv:2").contains("leads outside the corpus folder"), bySource.toString());
        assertTrue(bySource.get("cv/validated.tsv:5").contains("hidden file"), bySource.toString());
        assertTrue(r.manifest().inputs().keySet().stream().noneMatch(k -> k.contains("outside") || k.contains("hidden")),
                r.manifest().inputs().toString());
    }

    @Test
    void aBrokenSidecarRejectsItsOwnEntryOnly() throws Exception {
        // [offset:+99999999999] used to throw NumberFormatException out of the scan and abort the whole run.
        Path corpus = tmp.resolve("corpus");
        TestAudio.wav(corpus.resolve("song.wav"), 16000, TestAudio.tone(4.0, 16000, 200, 0.3));
        Files.writeString(corpus.resolve("song.lrc"), "[offset:+99999999999]\n[00:00.50]ሰላም ለዓለም\n[00:02.00]ቡና እንጠጣ\n");
        TestAudio.wav(corpus.resolve("array.wav"), 16000, TestAudio.tone(1.0, 16000, 230, 0.3));
        Files.writeString(corpus.resolve("array.json"), "[\"ውሃ ጠጣሁ\"]");
        TestAudio.wav(corpus.resolve("number.wav"), 16000, TestAudio.tone(1.0, 16000, 260, 0.3));
        Files.writeString(corpus.resolve("number.json"), "42");
        TestAudio.wav(corpus.resolve("good.wav"), 16000, TestAudio.tone(1.0, 16000, 290, 0.3));
        Files.writeString(corpus.resolve("good.txt"), "ቤት ሄድኩ");
        PrepareDataResult r = prepare(corpus, 2);
        assertEquals(List.of("good"), utterances(r.outputDirectory()).stream().map(Utterance::id).toList());
        Map<String, String> byFile = new HashMap<>();
        rejected(r.outputDirectory()).forEach(x -> byFile.put(x.file(), x.reason() + ": " + x.detail()));
        assertTrue(byFile.get("song.wav").startsWith("bad-transcript-file: ") && byFile.get("song.wav").contains("line 1"), byFile.toString());
        assertTrue(byFile.get("array.wav").startsWith("bad-transcript-file: "), byFile.toString());
        assertTrue(byFile.get("number.wav").startsWith("bad-transcript-file: "), byFile.toString());
    }
}
