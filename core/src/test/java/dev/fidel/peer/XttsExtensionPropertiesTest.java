package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fidel.vocabulary.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property the extension exists for: for random XTTS-like bases (random alphabets and words, holes in
 * the ids, merges listed twice, string or list merges), every string of the base's own characters (and its
 * tags) tokenizes identically before and after the extension, by the tokenizers library itself; and
 * Fidel's reader agrees with the library on the extended file for base strings and Amharic alike.
 *
 * <p>Written as seeded random cases (a seed per case, printed on failure), to move onto the project's
 * property library once that is on this branch.
 */
class XttsExtensionPropertiesTest {

    private static final int BASES = 30;
    private static final int STRINGS = 120;

    @TempDir
    Path dir;

    @Test
    void baseLanguageStringsTokenizeIdenticallyAfterExtension() throws Exception {
        List<String> amharic = TestText.lines();
        for (long seed = 1; seed <= BASES; seed++) {
            check(seed, amharic);
        }
    }

    private void check(long seed, List<String> amharic) throws Exception {
        Random random = new Random(seed);
        Path base = XttsFixture.random(dir.resolve(seed + "/base/vocab.json"), random);
        XttsVocabulary baseVocab = (XttsVocabulary) PeerTokenizers.read(base);
        String baseChars = XttsFixture.baseCharacters(base);
        // Amharic, plus words that glue base letters to Ethiopic ones: no merge of two base tokens may come of them
        List<String> text = new ArrayList<>(amharic.subList(0, 200 + random.nextInt(800)));
        for (int i = 0; i < 200; i++) {
            text.add(randomString(random, baseChars, 12) + amharic.get(random.nextInt(amharic.size())).codePoints().limit(3).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    + randomString(random, baseChars, 6));
        }
        int extra = 1 + random.nextInt(400);
        XttsVocabularyExtender.Extension ext = XttsVocabularyExtender.extend(baseVocab, text, "", "[am]",
                baseVocab.rows() + extra, 16);
        Path extended = Files.write(dir.resolve(seed + "/vocab.json"), ext.json());
        XttsVocabulary ours = (XttsVocabulary) PeerTokenizers.read(extended);
        try (HfReference before = HfReference.open(base); HfReference after = HfReference.open(extended)) {
            for (int i = 0; i < STRINGS; i++) {
                String s = randomString(random, baseChars, 30);
                if (random.nextInt(10) == 0) {
                    s = XttsFixture.TAGS[random.nextInt(XttsFixture.TAGS.length)] + s;
                }
                String where = "seed " + seed + ", \"" + s + "\"";
                assertArrayEquals(before.encode(s), after.encode(s), where + ": the base language changed");
                assertArrayEquals(after.encode(s), ours.encode(s), where + ": Fidel's reader and the library differ");
            }
            for (int i = 0; i < 20; i++) {
                String s = text.get(random.nextInt(text.size()));
                assertArrayEquals(after.encode(s), ours.encode(s), "seed " + seed + ", \"" + s + "\"");
            }
        }
    }

    private static String randomString(Random random, String chars, int maxLength) {
        int[] cps = chars.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(maxLength + 1);
        for (int k = 0; k < n; k++) {
            int r = random.nextInt(12);
            sb.appendCodePoint(r == 0 ? ' ' : r == 1 ? ".,!?-'".charAt(random.nextInt(6)) : cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
