package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.TestAudio;
import dev.fidel.event.EventSink;
import dev.fidel.util.FileSnapshot;
import dev.fidel.util.Json;
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

/** The whole service over small synthetic corpora (tones stand in for speech: the checks cannot tell). */
class PrepareDataTest {

    private static final String[] TEXTS = {"ሰላም ለዓለም", "እንኳን ደህና መጣህ", "ቡና እንጠጣ", "ዛሬ ዝናብ ይዘንባል", "መጽሐፉን አነበብኩ",
        "ውሃ ጠጣሁ", "ምሳ በላሁ", "ቤት ሄድኩ", "ጤና ይስጥልኝ", "ደህና ሁኑ"};

    @TempDir
    Path tmp;

    Path corpus;
    final List<String> log = new ArrayList<>();
    final EventSink events = new EventSink() {
        @Override
        public void info(String message) {
            log.add(message);
        }

        @Override
        public void warn(String message) {
            log.add("WARN " + message);
        }
    };

    @BeforeEach
    void corpus() throws IOException {
        corpus = tmp.resolve("corpus");
        for (int i = 0; i < TEXTS.length; i++) {
            String speaker = i % 2 == 0 ? "amina" : "dawit";
            TestAudio.wav(corpus.resolve(speaker + "/u" + i + ".wav"), 16000, TestAudio.tone(1.0 + 0.1 * i, 16000, 150 + 20 * i, 0.3));
            Files.writeString(corpus.resolve(speaker + "/u" + i + ".txt"), TEXTS[i]);
        }
    }

    private PrepareDataRequest request(Path out, boolean force, int threads) {
        return new PrepareDataRequest(corpus, out, 22050, QualityLimits.defaults(), 0.2, force, threads);
    }

    private static List<Utterance> read(Path jsonl) throws IOException {
        List<Utterance> list = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            list.add(Json.LINE.readValue(line, Utterance.class));
        }
        return list;
    }

    private static List<Utterance> allSplits(Path out) throws IOException {
        List<Utterance> all = new ArrayList<>();
        for (DataSplit s : DataSplit.values()) {
            all.addAll(read(out.resolve(s.fileStem() + ".jsonl")));
        }
        return all;
    }

    @Test
    void preparesSplitsAudioAndManifest() throws Exception {
        Path out = tmp.resolve("out");
        PrepareDataResult r = new PrepareData().run(request(out, false, 2), events);
        assertFalse(r.upToDate());
        List<Utterance> all = allSplits(out);
        assertEquals(10, all.size());
        for (DataSplit s : DataSplit.values()) {
            for (Utterance u : read(out.resolve(s.fileStem() + ".jsonl"))) {
                assertEquals(s, DataSplit.of(u.id()), u.id() + " is in the split of its id");
            }
        }
        for (Utterance u : all) {
            assertTrue(Files.isRegularFile(out.resolve(u.audio())));
            assertEquals((Files.size(out.resolve(u.audio())) - 44) / 2 / 22050.0, u.duration(), 1e-3);
            assertEquals(u.speaker(), u.id().substring(0, u.id().indexOf('/')));
        }
        assertEquals(0, Files.size(out.resolve("rejected.jsonl")));
        DataManifest m = Json.read(out.resolve("manifest.json"), DataManifest.class);
        assertEquals(DataManifest.FORMAT_VERSION, m.formatVersion());
        assertEquals(20, m.inputs().size());
        assertEquals(dev.fidel.util.Sha256.of(corpus.resolve("amina/u0.wav")), m.inputs().get("amina/u0.wav"));
        assertEquals(m.normalizerSha256(), dev.fidel.text.NormalizerProfile.amharic().sha256());
        assertEquals(List.of("amina", "dawit"), m.speakers());
        assertEquals(14.5, m.durations().get("total"), 0.01);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("prepare-data decoding: 10/10 (100%)")), "progress reported: " + log);
    }

    @Test
    void unchangedInputsSkipAndAChangedFileOrForceRedoes() throws Exception {
        Path out = tmp.resolve("out");
        new PrepareData().run(request(out, false, 2), events);
        PrepareDataResult again = new PrepareData().run(request(out, false, 2), events);
        assertTrue(again.upToDate());
        assertEquals(10, again.accepted());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("prepare-data: up to date, skipped")));
        assertFalse(new PrepareData().run(request(out, true, 2), events).upToDate(), "force redoes it");
        Files.writeString(corpus.resolve("amina/u0.txt"), "ሰላም ለዓለም ሁሉ");
        PrepareDataResult changed = new PrepareData().run(request(out, false, 2), events);
        assertFalse(changed.upToDate());
        assertTrue(log.stream().anyMatch(l -> l.contains("inputs or settings changed")));
        QualityLimits other = QualityLimits.withDurations(0.5, 20);
        assertFalse(new PrepareData().run(new PrepareDataRequest(corpus, out, 22050, other, 0.2, false, 2), events).upToDate(),
                "changed settings redo it");
    }

    @Test
    void outputIsTheSameWhateverTheThreadCount() throws Exception {
        Files.copy(corpus.resolve("amina/u0.wav"), corpus.resolve("amina/copy.wav"));
        Files.writeString(corpus.resolve("amina/copy.txt"), "ሰላም ለዓለም");
        Path one = tmp.resolve("one");
        Path four = tmp.resolve("four");
        new PrepareData().run(request(one, false, 1), events);
        new PrepareData().run(request(four, false, 4), events);
        for (String f : List.of("train.jsonl", "val.jsonl", "test.jsonl", "rejected.jsonl", "manifest.json")) {
            assertEquals(Files.readString(one.resolve(f)), Files.readString(four.resolve(f)), f);
        }
        assertTrue(Files.readString(one.resolve("rejected.jsonl")).contains("\"reason\":\"duplicate-audio\""));
    }

    @Test
    void duplicatesKeepTheFirstInCorpusOrder() throws Exception {
        Files.copy(corpus.resolve("amina/u0.wav"), corpus.resolve("amina/u0.flac.wav"));
        Files.writeString(corpus.resolve("amina/u0.flac.txt"), "ሰላም ለዓለም");
        Files.copy(corpus.resolve("amina/u2.wav"), corpus.resolve("amina/u2.mp3")); // same id amina/u2, second
        Path out = tmp.resolve("out");
        new PrepareData().run(request(out, false, 2), events);
        String rejected = Files.readString(out.resolve("rejected.jsonl"));
        assertTrue(rejected.contains("{\"detail\":\"the id amina/u2 was already used by amina/u2.txt\",\"file\":\"amina/u2.wav\""),
                rejected);
        assertTrue(rejected.contains("{\"detail\":\"the same samples as utterance amina/u0\",\"file\":\"amina/u0.flac.wav\""), rejected);
        assertEquals(10, allSplits(out).size());
        try (Stream<Path> audio = Files.list(out.resolve("audio"))) {
            assertEquals(10, audio.count(), "a duplicate's audio is not kept");
        }
    }

    @Test
    void tooManyRejectedFailsWithTheTopReasonsButKeepsTheReport() throws Exception {
        for (int i = 0; i < 3; i++) {
            Files.createFile(corpus.resolve("empty" + i + ".wav"));
            Files.writeString(corpus.resolve("empty" + i + ".txt"), "ሰላም");
        }
        Files.writeString(corpus.resolve("latin.txt"), "hello");
        TestAudio.wav(corpus.resolve("latin.wav"), 16000, TestAudio.tone(1, 16000, 200, 0.3));
        Path out = tmp.resolve("out");
        VerdictException e = assertThrows(VerdictException.class, () -> new PrepareData().run(request(out, false, 2), events));
        assertTrue(e.getMessage().startsWith("4 of 14 inputs were rejected (28.6%), more than maxRejectedRatio 0.20 allows:"
                + " empty-file 3, not-ethiopic 1."), e.getMessage());
        assertEquals("maxRejectedRatio", e.setting());
        assertEquals(4, Files.readAllLines(out.resolve("rejected.jsonl")).size());
        assertThrows(VerdictException.class, () -> new PrepareData().run(request(out, false, 2), events),
                "a failed verdict is judged again on the next run");
    }

    @Test
    void changingOnlyMaxRejectedRatioJudgesTheStoredDataAgainWithoutDecoding() throws Exception {
        for (int i = 0; i < 4; i++) {
            Files.createFile(corpus.resolve("empty" + i + ".wav"));
            Files.writeString(corpus.resolve("empty" + i + ".txt"), "ሰላም");
        }
        Path out = tmp.resolve("out");
        assertThrows(VerdictException.class, () -> new PrepareData().run(request(out, false, 2), events));
        Map<String, String> prepared = FileSnapshot.of(out);
        log.clear();
        PrepareDataResult lenient = new PrepareData().run(new PrepareDataRequest(corpus, out, 22050, QualityLimits.defaults(), 0.5,
                false, 2), events);
        assertTrue(lenient.upToDate());
        assertEquals(10, lenient.accepted());
        assertEquals(0, lenient.decodedSeconds());
        assertTrue(log.stream().anyMatch(l -> l.contains("verdict.maxRejectedRatio changed: 0.2 -> 0.5: the stored result is judged again")),
                log.toString());
        assertFalse(log.stream().anyMatch(l -> l.startsWith("prepare-data decoding")), "nothing decoded: " + log);
        assertEquals(prepared, FileSnapshot.of(out), "the prepared data is left as it was");
        log.clear();
        VerdictException strict = assertThrows(VerdictException.class, () -> new PrepareData().run(request(out, false, 2), events));
        assertEquals("maxRejectedRatio", strict.setting());
        assertFalse(log.stream().anyMatch(l -> l.startsWith("prepare-data decoding")), "judged again, not decoded: " + log);
    }

    @Test
    void aChangeThatMakesOtherDataRedoesTheWorkAndTheLogNamesIt() throws Exception {
        Path out = tmp.resolve("out");
        new PrepareData().run(request(out, false, 2), events);
        Files.writeString(corpus.resolve("amina/u0.txt"), "ሰላም ለዓለም ሁሉ");
        log.clear();
        PrepareDataResult redone = new PrepareData().run(new PrepareDataRequest(corpus, out, 16000, QualityLimits.defaults(), 0.2,
                false, 2), events);
        assertFalse(redone.upToDate());
        String why = log.stream().filter(l -> l.startsWith("prepare-data: preparing")).findFirst().orElseThrow();
        assertTrue(why.contains("audio.sampleRate changed: 22050 -> 16000"), why);
        assertTrue(why.contains("corpus files changed: 1 (amina/u0.txt)"), why);
        assertFalse(why.contains("maxRejectedRatio"), why);
    }

    @Test
    void nothingUsableFails() throws Exception {
        Path only = tmp.resolve("only");
        Files.createDirectories(only);
        Files.writeString(only.resolve("a.txt"), "ሰላም");
        VerdictException e = assertThrows(VerdictException.class, () -> new PrepareData().run(
                new PrepareDataRequest(only, tmp.resolve("out"), 22050, QualityLimits.defaults(), 1.0, false, 1), events));
        assertTrue(e.getMessage().startsWith("nothing usable remains: all 1 inputs of the corpus were rejected (missing-audio 1)."));
    }

    @Test
    void aFileLongerThanMaxDurationIsRejectedWithoutReadingTheRest() throws Exception {
        // The tones last 1.0 to 1.9 s: with maxDuration 1.45 s the five longest stop decoding at the limit.
        Path out = tmp.resolve("out");
        PrepareDataResult result = new PrepareData().run(new PrepareDataRequest(corpus, out, 22050, QualityLimits.withDurations(0.3, 1.45),
                1.0, false, 2), events);
        // One typed outcome per input, in corpus order; the rejected ones are rejected.jsonl's lines.
        assertEquals(10, result.outcomes().size());
        List<Rejection> typed = result.outcomes().stream().filter(UtteranceOutcome.Rejected.class::isInstance)
                .map(o -> ((UtteranceOutcome.Rejected) o).rejection()).toList();
        assertEquals(typed.stream().map(Json::line).toList(), Files.readAllLines(out.resolve(PrepareData.REJECTED_FILE)));
        assertEquals(Map.of(RejectReason.TOO_LONG, 5), result.data().counts().rejectedByReason());
        assertEquals(5, result.outcomes().stream().filter(UtteranceOutcome.Accepted.class::isInstance).count());
        List<String> tooLong = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(PrepareData.REJECTED_FILE))) {
            Rejection r = Json.LINE.readValue(line, Rejection.class);
            assertEquals(RejectReason.TOO_LONG, r.reason(), line);
            assertTrue(r.detail().contains("more than the 1.45 s allowed") && r.detail().contains("the rest was not read"), r.detail());
            tooLong.add(r.id());
        }
        assertEquals(List.of("amina/u6", "amina/u8", "dawit/u5", "dawit/u7", "dawit/u9"), tooLong.stream().sorted().toList());
        assertEquals(5, allSplits(out).size());
    }

    @Test
    void setupProblemsNameTheSetting() throws Exception {
        FidelException missing = assertThrows(FidelException.class, () -> new PrepareData().run(
                new PrepareDataRequest(tmp.resolve("nope"), tmp.resolve("out"), 22050, QualityLimits.defaults(), 0.2, false, 1), events));
        assertEquals("corpusDirectory", missing.setting());
        assertTrue(missing.getMessage().contains("nope"));
        assertFalse(missing instanceof VerdictException);
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("keep-me.txt"), "the user's file");
        FidelException owned = assertThrows(FidelException.class, () -> new PrepareData().run(request(foreign, false, 1), events));
        assertEquals("outputDirectory", owned.setting());
        assertTrue(Files.exists(foreign.resolve("keep-me.txt")));
        FidelException bounds = assertThrows(FidelException.class, () -> new PrepareData().run(
                new PrepareDataRequest(corpus, tmp.resolve("o"), 22050, QualityLimits.withDurations(5, 2), 0.2, false, 1), events));
        assertEquals("maxDuration", bounds.setting());
    }
}
