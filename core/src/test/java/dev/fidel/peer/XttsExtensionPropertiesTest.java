package dev.fidel.peer;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.lists;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.sageserpent.americium.java.Trials;
import dev.fidel.vocabulary.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property the extension exists for: for random XTTS-like bases (random alphabets and words, holes in
 * the ids, merges listed twice, string or list merges), every string of the base's own characters (and its
 * tags) tokenizes identically before and after the extension, by the tokenizers library itself; and
 * Fidel's reader agrees with the library on the extended file for base strings and Amharic alike.
 *
 * <p>On Americium: a case is the base's seed, how many pieces are added, how much Amharic the extension learns from,
 * and the probe strings ({@link Probe}), so a failure shrinks to the shortest string over the smallest extension.
 */
class XttsExtensionPropertiesTest {

    private static final int BASES = 30;
    private static final int STRINGS = 120;

    @TempDir
    Path dir;

    /** A base, an extension of it, and strings to tokenize with both. */
    record Case(long baseSeed, int extra, int amharicLines, List<Probe> probes) {
    }

    /**
     * A probe string: one of {@link XttsFixture#TAGS} in front (tag 0 or more; one probe in ten), then {@code length}
     * spaces, punctuation marks and characters of the base drawn with {@code seed}. (Drawn from a seed rather than
     * generated character by character: Americium took 27 s to generate the 3,600 strings of 30 cases that way.)
     */
    record Probe(int tag, int length, long seed) {
        String text(String baseChars) {
            return (tag < 0 ? "" : XttsFixture.TAGS[tag]) + string(new Random(seed), baseChars, length);
        }
    }

    static Trials<Case> cases() {
        Trials<Integer> tag = ANY.alternateWithWeights(Map.entry(9, ANY.only(-1)), Map.entry(1, ANY.integers(0, XttsFixture.TAGS.length - 1)));
        Trials<Probe> probe = tag.and(ANY.integers(0, 30, 0)).and(ANY.longs(0, 1_000_000, 0)).trials()
                .map(c -> new Probe(c._1(), c._2(), c._3()));
        return ANY.longs(1, 1_000_000, 1).and(ANY.integers(1, 400, 1)).and(ANY.integers(200, 1000, 200))
                .and(lists(probe, STRINGS, STRINGS)).trials().map(c -> new Case(c._1(), c._2(), c._3(), c._4()));
    }

    @Test
    void baseLanguageStringsTokenizeIdenticallyAfterExtension() throws Exception {
        List<String> amharic = TestText.lines();
        forAll(BASES, cases(), c -> check(c, amharic, Files.createTempDirectory(dir, "base-")));
    }

    private void check(Case c, List<String> amharic, Path folder) throws Exception {
        Random random = new Random(c.baseSeed());
        Path base = XttsFixture.random(folder.resolve("base/vocab.json"), random);
        XttsVocabulary baseVocab = (XttsVocabulary) PeerTokenizers.read(base);
        String baseChars = XttsFixture.baseCharacters(base);
        // Amharic, plus words that glue base letters to Ethiopic ones: no merge of two base tokens may come of them
        List<String> text = new ArrayList<>(amharic.subList(0, c.amharicLines()));
        for (int i = 0; i < 200; i++) {
            text.add(randomString(random, baseChars, 12) + amharic.get(random.nextInt(amharic.size())).codePoints().limit(3).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    + randomString(random, baseChars, 6));
        }
        XttsVocabularyExtender.Extension ext = XttsVocabularyExtender.extend(baseVocab, text, "", "[am]",
                baseVocab.rows() + c.extra(), 16);
        Path extended = Files.write(folder.resolve("vocab.json"), ext.json());
        XttsVocabulary ours = (XttsVocabulary) PeerTokenizers.read(extended);
        try (HfReference before = HfReference.open(base); HfReference after = HfReference.open(extended)) {
            for (Probe probe : c.probes()) {
                String s = probe.text(baseChars);
                String where = "\"" + s + "\"";
                assertArrayEquals(before.encode(s), after.encode(s), where + ": the base language changed");
                assertArrayEquals(after.encode(s), ours.encode(s), where + ": Fidel's reader and the library differ");
            }
            for (int i = 0; i < 20; i++) {
                String s = text.get(random.nextInt(text.size()));
                assertArrayEquals(after.encode(s), ours.encode(s), "\"" + s + "\"");
            }
        }
    }

    private static String randomString(Random random, String chars, int maxLength) {
        return string(random, chars, random.nextInt(maxLength + 1));
    }

    private static String string(Random random, String chars, int n) {
        int[] cps = chars.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            int r = random.nextInt(12);
            sb.appendCodePoint(r == 0 ? ' ' : r == 1 ? ".,!?-'".charAt(random.nextInt(6)) : cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
