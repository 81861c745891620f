package dev.fidel.vocabulary;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.lists;
import static dev.fidel.PropertyCheck.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.Trials;
import dev.fidel.data.Utterance;
import dev.fidel.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The invariants of the one tokenization path, over generated Amharic and mixed-script text, on a
 * small vocabulary (1,000 pieces, byte fallback, Ethiopic required) trained on the test corpus.
 */
class VocabularyPropertiesTest {

    private static Vocabulary vocabulary;

    static synchronized Vocabulary vocabulary() throws Exception {
        if (vocabulary == null) {
            Path dir = Files.createTempDirectory("fidel-vocab-props");
            List<String> lines = TestText.lines().subList(0, 3000);
            vocabulary = Vocabulary.load(TestText.trainVocabulary(dir, lines,
                    TrainerOptions.defaults().withVocabSize(1000)));
        }
        return vocabulary;
    }

    /** Mostly Ethiopic letters and punctuation, whole corpus lines, a little Latin, CJK and symbols, and astral characters. */
    static Trials<String> texts() {
        Trials<Character> ethiopic = ANY.characters('\u1200', '\u135A');
        Trials<Character> punctuation = ANY.choose('\u1362', '\u1363', '\u1364', '\u1367', '!', '?', ',', '.', ' ', ' ', ' ');
        Trials<Character> other = ANY.choose('a', 'Z', '7', '0', '\u00e9', '\u0416', '\u4e2d', '\u2603', '\t', '-');
        Trials<String> words = ANY.choose(TestText.lines().subList(0, 200));
        Trials<String> chars = strings(ANY.alternateWithWeights(Map.entry(6, ethiopic), Map.entry(3, punctuation), Map.entry(1, other)), 0, 40);
        Trials<String> supplementary = ANY.choose("\uD83D\uDE00", "\uD834\uDD1E", "");
        Trials<String> part = ANY.alternateWithWeights(Map.entry(2, chars), Map.entry(2, words), Map.entry(1, supplementary));
        return lists(part, 1, 6).map(parts -> String.join(" ", parts));
    }

    @Test
    void trainingPathAndSynthesisPathGiveTheSameIds() {
        forAll(300, texts().and(ANY.integers(1, 24)).trials(), c -> trainingPathAndSynthesisPathGiveTheSameIds(c._1(), c._2()));
    }

    private static void trainingPathAndSynthesisPathGiveTheSameIds(String text, int max) throws Exception {
        Vocabulary v = vocabulary();
        // Training path, as finetune takes it: the manifest line read back, then its written text encoded
        // (Finetune builds each example with vocabulary.encode(utterance.text())).
        Utterance u = new Utterance("id", "spk", "a.wav", 1.0, text, v.normalize(text));
        Utterance read = Json.LINE.readValue(Json.line(u), Utterance.class);
        int[] training = v.encode(read.text());
        // Synthesis path: the raw text, segmented.
        int[] synthesis = v.segment(text, max).stream().flatMapToInt(s -> IntStream.of(s.ids())).toArray();
        assertArrayEquals(training, synthesis);
        // The manifest's normalized form (what the gate and coverage read) encodes to the same ids: normalizing is idempotent.
        assertArrayEquals(training, v.encode(read.normalizedText()));
    }

    @Test
    void decodeOfEncodeIsTheNormalizedText() throws Exception {
        Vocabulary v = vocabulary();
        forAll(300, texts(), text -> assertEquals(v.normalize(text), v.decode(v.encode(text))));
    }

    @Test
    void encodingIsDeterministic() throws Exception {
        Vocabulary v = vocabulary();
        forAll(200, texts(), text -> assertArrayEquals(v.encode(text), v.encode(text)));
    }

    @Test
    void segmentsConcatenateBackToTheWhole() {
        forAll(300, texts().and(ANY.integers(1, 24)).trials(), c -> segmentsConcatenateBackToTheWhole(c._1(), c._2()));
    }

    private static void segmentsConcatenateBackToTheWhole(String text, int max) throws Exception {
        Vocabulary v = vocabulary();
        List<Segment> segments = v.segment(text, max);
        assertEquals(v.normalize(text), segments.stream().map(Segment::text).reduce("", String::concat));
        for (Segment s : segments) {
            assertTrue(s.ids().length >= 1);
            // Only a character spelled by more byte pieces than the maximum may exceed it.
            assertTrue(s.ids().length <= Math.max(max, 4), s.ids().length + " > " + max + " in " + segments);
        }
    }
}
