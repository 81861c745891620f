package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fidel.text.Ethiopic;
import dev.fidel.vocabulary.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extending an XTTS vocab.json append-only, judged by the tokenizers library itself. */
class XttsExtensionTest {

    @TempDir
    Path dir;

    @Test
    void baseLanguagesTokenizeAsBeforeAndAmharicHasNoUnknownOrStop() throws Exception {
        List<String> amharic = TestText.lines();
        for (boolean lists : new boolean[] {false, true}) {
            Path base = XttsFixture.realistic(dir.resolve(lists + "/base/vocab.json"), lists);
            XttsVocabulary baseVocab = (XttsVocabulary) PeerTokenizers.read(base);
            XttsVocabularyExtender.Extension ext = XttsVocabularyExtender.extend(baseVocab, amharic, "", "[am]",
                    baseVocab.rows() + 600, 16);
            Path extended = Files.write(dir.resolve(lists + "/vocab.json"), ext.json());
            XttsVocabulary ours = (XttsVocabulary) PeerTokenizers.read(extended);
            assertEquals(baseVocab.rows(), ext.tagId(), "[am] comes right after the base's largest id");
            assertTrue(ext.merges() > 100 && ext.characters() > 150, ext.toString());
            assertEquals(baseVocab.rows() + 600, ours.rows(), "the size asked for is filled");
            List<String> old = XttsVocabularyTest.oldLanguageSamples(new Random(5), XttsFixture.baseCharacters(base));
            try (HfReference before = HfReference.open(base); HfReference after = HfReference.open(extended)) {
                for (String s : old) {
                    assertArrayEquals(before.encode(s), after.encode(s), "\"" + s + "\" changed");
                }
                long tokens = 0;
                for (String line : amharic) {
                    int[] ids = after.encode(line);
                    assertArrayEquals(ids, ours.encode(line), line);
                    for (int id : ids) {
                        assertTrue(id != 0 && id != 1, "id " + id + " ([STOP] 0 / [UNK] 1) in \"" + line + "\"");
                    }
                    tokens += ids.length;
                }
                long characters = amharic.stream().mapToLong(l -> l.replace(" ", "").length()).sum();
                System.out.printf("XTTS-like base + 600: %d Amharic lines, %d tokens for %d characters (%.2f per character)%n",
                        amharic.size(), tokens, characters, (double) tokens / characters);
                assertTrue(tokens < characters * 0.8, "merges make Amharic shorter than one token a letter");
                int am = after.encode("[am]x")[0];
                assertEquals(ext.tagId(), am, "[am] is an added token the library splits off");
            }
        }
    }

    /** A base of 3,000 merges learned on English prose (Debian's licence texts), skipped where they are absent. */
    @Test
    void aLargerEnglishBaseKeepsItsTokensOnItsOwnText() throws Exception {
        Path licences = Path.of("/usr/share/common-licenses");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(licences), "no " + licences + " to learn a base from");
        List<String> english = new ArrayList<>();
        try (var files = Files.list(licences)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f)) {
                    Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1).stream().map(String::strip)
                            .filter(l -> !l.isEmpty()).map(l -> l.toLowerCase(java.util.Locale.ROOT)).forEach(english::add);
                }
            }
        }
        Path base = XttsFixture.large(dir.resolve("large/base/vocab.json"), english, 3000);
        XttsVocabulary baseVocab = (XttsVocabulary) PeerTokenizers.read(base);
        List<String> amharic = TestText.lines();
        long start = System.nanoTime();
        XttsVocabularyExtender.Extension ext = XttsVocabularyExtender.extend(baseVocab, amharic, Ethiopic.basicBlock(), "[am]",
                baseVocab.rows() + 2000, 16);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path extended = Files.write(dir.resolve("large/vocab.json"), ext.json());
        XttsVocabulary ours = (XttsVocabulary) PeerTokenizers.read(extended);
        int same = 0;
        try (HfReference before = HfReference.open(base); HfReference after = HfReference.open(extended)) {
            for (String line : english) {
                int[] ids = after.encode(line);
                assertArrayEquals(before.encode(line), ids, line);
                assertArrayEquals(ids, ours.encode(line), line);
                same++;
            }
            for (String line : amharic) {
                int[] ids = after.encode(line);
                assertArrayEquals(ids, ours.encode(line), line);
                assertTrue(java.util.Arrays.stream(ids).noneMatch(id -> id == 0 || id == 1), line);
            }
        }
        System.out.printf(java.util.Locale.ROOT, "English base of %d merges (%d rows) + %d pieces (extended in %.2f s): %d "
                + "English lines identical, %d Amharic lines without [UNK]%n", baseVocab.merges().size(), baseVocab.rows(),
                ext.piecesAdded(), seconds, same, amharic.size());
    }

    @Test
    void everyBaseIdMergeAndAddedTokenIsKeptInItsForm() throws Exception {
        Path base = XttsFixture.realistic(dir.resolve("base/vocab.json"), false);
        XttsVocabulary baseVocab = (XttsVocabulary) PeerTokenizers.read(base);
        XttsVocabularyExtender.Extension ext = XttsVocabularyExtender.extend(baseVocab, TestText.lines(), Ethiopic.basicBlock(),
                "[am]", baseVocab.rows() + 100, 16);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode before = mapper.readTree(base.toFile());
        JsonNode after = mapper.readTree(ext.json());
        Iterator<Map.Entry<String, JsonNode>> it = before.get("model").get("vocab").fields();
        List<String> order = new ArrayList<>();
        after.get("model").get("vocab").fieldNames().forEachRemaining(order::add);
        int i = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue(), after.get("model").get("vocab").get(e.getKey()), e.getKey());
            assertEquals(e.getKey(), order.get(i++), "base entries keep their order");
        }
        JsonNode oldMerges = before.get("model").get("merges");
        JsonNode newMerges = after.get("model").get("merges");
        for (int m = 0; m < oldMerges.size(); m++) {
            assertEquals(oldMerges.get(m), newMerges.get(m), "merge " + m + " (repeats included)");
        }
        for (int m = oldMerges.size(); m < newMerges.size(); m++) {
            assertTrue(newMerges.get(m).isTextual(), "new merges in the base's form");
        }
        for (int a = 0; a < before.get("added_tokens").size(); a++) {
            assertEquals(before.get("added_tokens").get(a), after.get("added_tokens").get(a));
        }
        JsonNode amTag = after.get("added_tokens").get(before.get("added_tokens").size());
        assertEquals("[am]", amTag.get("content").asText());
        assertEquals(amTag.get("id"), after.get("model").get("vocab").get("[am]"), "[am] is both an added token and in the vocab");
        assertEquals(before.get("added_tokens").get(4).get("special"), amTag.get("special"), "shaped like [en]");
        for (String field : List.of("version", "normalizer", "pre_tokenizer", "decoder", "post_processor")) {
            assertEquals(before.get(field), after.get(field), field);
        }
        XttsVocabulary ours = (XttsVocabulary) PeerTokenizers.read(Files.write(dir.resolve("vocab.json"), ext.json()));
        for (int c : Ethiopic.basicBlock().codePoints().toArray()) {
            assertTrue(ours.id(Character.toString(c)).isPresent(), "required letter " + Character.toString(c));
        }
        assertFalse(ours.isSpecial(ours.id("ሰ").getAsInt()));
    }
}
