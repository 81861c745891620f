package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.data.Utterance;
import dev.fidel.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> ethiopic = Arbitraries.chars().range('\u1200', '\u135A');
        Arbitrary<Character> punctuation = Arbitraries.of('\u1362', '\u1363', '\u1364', '\u1367', '!', '?', ',', '.', ' ', ' ', ' ');
        Arbitrary<Character> other = Arbitraries.of('a', 'Z', '7', '0', '\u00e9', '\u0416', '\u4e2d', '\u2603', '\t', '-');
        Arbitrary<String> words = Arbitraries.of(TestText.lines().subList(0, 200));
        Arbitrary<String> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, ethiopic), net.jqwik.api.Tuple.of(3, punctuation), net.jqwik.api.Tuple.of(1, other))
                .list().ofMaxSize(40).map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<String> supplementary = Arbitraries.of("\uD83D\uDE00", "\uD834\uDD1E", "");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, chars), net.jqwik.api.Tuple.of(2, words),
                        net.jqwik.api.Tuple.of(1, supplementary))
                .list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(" ", parts));
    }

    @Property(tries = 300)
    void trainingPathAndSynthesisPathGiveTheSameIds(@ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 24) int max)
            throws Exception {
        Vocabulary v = vocabulary();
        // Training path: the manifest line as data loading reads it, then encode.
        Utterance u = new Utterance("id", "spk", "a.wav", 1.0, text, v.normalize(text));
        Utterance read = Json.LINE.readValue(Json.line(u), Utterance.class);
        int[] training = v.encode(read.normalizedText());
        // Synthesis path: the raw text, segmented.
        int[] synthesis = v.segment(text, max).stream().flatMapToInt(s -> IntStream.of(s.ids())).toArray();
        assertArrayEquals(training, synthesis);
        assertArrayEquals(training, v.encode(text));
    }

    @Property(tries = 300)
    void decodeOfEncodeIsTheNormalizedText(@ForAll("texts") String text) throws Exception {
        Vocabulary v = vocabulary();
        assertEquals(v.normalize(text), v.decode(v.encode(text)));
    }

    @Property(tries = 200)
    void encodingIsDeterministic(@ForAll("texts") String text) throws Exception {
        Vocabulary v = vocabulary();
        assertArrayEquals(v.encode(text), v.encode(text));
    }

    @Property(tries = 300)
    void segmentsConcatenateBackToTheWhole(@ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 24) int max)
            throws Exception {
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
