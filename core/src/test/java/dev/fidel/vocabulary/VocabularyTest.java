package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    @TempDir
    Path dir;

    private static final List<String> TEXT = TestText.lines().subList(0, 2000);

    @Test
    void aModelSwappedUnderItsHeaderIsRefused() throws Exception {
        Path a = TestText.trainVocabulary(dir.resolve("a"), TEXT, TrainerOptions.defaults().withVocabSize(700));
        Path b = TestText.trainVocabulary(dir.resolve("b"), TEXT.subList(0, 1000), TrainerOptions.defaults().withVocabSize(700));
        Files.copy(b.resolve("vocabulary.model"), a.resolve("vocabulary.model"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FidelException e = assertThrows(FidelException.class, () -> Vocabulary.load(a));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertEquals("vocabulary", e.setting());
    }

    @Test
    void aVocabularyTrainedUnderAnotherNormalizerProfileIsRefused() throws Exception {
        Path v = TestText.trainVocabulary(dir, TEXT, TrainerOptions.defaults().withVocabSize(700));
        Path header = v.resolve(VocabularyInfo.FILE_NAME);
        VocabularyInfo info = dev.fidel.util.Json.read(header, VocabularyInfo.class);
        String otherProfile = "0".repeat(64);
        dev.fidel.util.Json.write(header, new VocabularyInfo(info.formatVersion(), info.identity(), info.size(),
                info.modelType(), info.byteFallback(), info.specialTokens(), otherProfile, info.modelSha256(),
                info.trainer(), info.inputs(), info.base(), info.fidelVersion()));
        FidelException e = assertThrows(FidelException.class, () -> Vocabulary.load(v, NormalizerProfile.amharic()));
        assertTrue(e.getMessage().contains("normalizer profile " + otherProfile), e.getMessage());
    }

    @Test
    void aUserDefinedSymbolIsAlwaysOneToken() throws Exception {
        TrainerOptions options = TrainerOptions.defaults().withVocabSize(700).withUserDefinedSymbols(List.of("@ሳቅ"));
        try (Vocabulary v = Vocabulary.load(TestText.trainVocabulary(dir, TEXT, options))) {
            // (the Amharic normalizer removes brackets, so a tag like <laugh> would not survive it)
            int laugh = v.idOf("@ሳቅ");
            assertEquals(PieceType.USER_DEFINED, v.piece(laugh).type());
            int[] ids = v.encode("ሰላም @ሳቅ ሰላም@ሳቅ");
            assertEquals(2, java.util.Arrays.stream(ids).filter(id -> id == laugh).count(),
                    java.util.Arrays.stream(ids).mapToObj(id -> v.piece(id).text()).toList() + " " + v.normalize("ሰላም @ሳቅ ሰላም@ሳቅ"));
        }
    }

    @Test
    void anIdPastTheEndIsAnErrorNotACrash() throws Exception {
        try (Vocabulary v = Vocabulary.load(TestText.trainVocabulary(dir, TEXT, TrainerOptions.defaults().withVocabSize(700)))) {
            assertEquals(700, v.size());
            assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {700}));
            assertThrows(IllegalArgumentException.class, () -> v.piece(-1));
        }
    }

    @Test
    void headerCarriesIdentitySizeTypeSpecialIdsAndProfile() throws Exception {
        try (Vocabulary v = Vocabulary.load(TestText.trainVocabulary(dir, TEXT, TrainerOptions.defaults().withVocabSize(700)))) {
            VocabularyInfo info = v.info();
            assertEquals(v.model().identity(), info.identity());
            assertEquals(700, info.size());
            assertEquals("BPE", info.modelType());
            assertEquals(Map.of("unk", 0, "bos", 1, "eos", 2, "pad", -1), info.specialTokens());
            assertEquals(NormalizerProfile.amharic().sha256(), info.normalizerProfileSha256());
            assertTrue(info.byteFallback());
        }
    }

    @Test
    void unchangedInputsAreSkippedAndForceRetrains() throws Exception {
        Path text = TestText.write(dir.resolve("t.txt"), TEXT);
        List<String> log = new ArrayList<>();
        EventSink sink = CollectedEvents.into(log);
        VocabularyTraining training = new VocabularyTraining(sink);
        VocabularyTraining.Request request = new VocabularyTraining.Request(List.of(), List.of(text), dir.resolve("v"),
                TrainerOptions.defaults().withVocabSize(700), null, NormalizerProfile.amharic(), false);
        assertFalse(training.run(request).skipped());
        assertTrue(training.run(request).skipped());
        assertTrue(log.stream().anyMatch(l -> l.contains("up to date")), log.toString());
        VocabularyTraining.Request forced = new VocabularyTraining.Request(List.of(), List.of(text), dir.resolve("v"),
                TrainerOptions.defaults().withVocabSize(700), null, NormalizerProfile.amharic(), true);
        assertFalse(training.run(forced).skipped());
        VocabularyTraining.Request bigger = new VocabularyTraining.Request(List.of(), List.of(text), dir.resolve("v"),
                TrainerOptions.defaults().withVocabSize(750), null, NormalizerProfile.amharic(), false);
        assertEquals(750, training.run(bigger).info().size());
    }

    @Test
    void synthesisSegmentsSplitAtSentenceEndsThenClauses() throws Exception {
        try (Vocabulary v = Vocabulary.load(TestText.trainVocabulary(dir, TEXT, TrainerOptions.defaults().withVocabSize(800)))) {
            String text = "ሰላም ለእናንተ ይሁን። እንዴት ናችሁ? ደህና ነን፣ እግዚአብሔር ይመስገን፤ እናንተስ እንዴት ናችሁ።";
            int whole = v.encode(text).length;
            List<Segment> one = v.segment(text, whole);
            assertEquals(1, one.size());
            List<Segment> sentences = v.segment(text, whole / 2);
            for (Segment s : sentences) {
                assertTrue(s.ids().length <= whole / 2);
            }
            String last = sentences.get(0).text().substring(sentences.get(0).text().length() - 1);
            assertTrue("።፧!?".contains(last), sentences.toString());
            List<Segment> clauses = v.segment("ደህና ነን፣ እግዚአብሔር ይመስገን፤ እናንተስ እንዴት ናችሁ", 8);
            assertTrue(clauses.size() >= 2);
            assertTrue(clauses.get(0).text().endsWith("፣") || clauses.get(0).text().endsWith("፤"), clauses.toString());
            int[] joined = sentences.stream().flatMapToInt(s -> java.util.stream.IntStream.of(s.ids())).toArray();
            assertArrayEquals(v.encode(text), joined);
        }
    }
}
