package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an XTTS vocab.json: ids, specials, and encoding exactly as the tokenizers library does. */
class XttsVocabularyTest {

    @TempDir
    Path dir;

    static List<String> oldLanguageSamples(Random random, String baseChars) {
        List<String> samples = new ArrayList<>(List.of(XttsFixture.BASE_TEXT));
        samples.addAll(List.of("The THE tHe", "weren't they? they'd've", "  two  spaces ", "[en]hello[SPACE]x",
                "hello[SPACE][SPACE]world", "a", "", "...!!??", "12.5 seconds", "ёлка", "über"));
        int[] cps = baseChars.codePoints().toArray();
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(40);
            for (int k = 0; k < len; k++) {
                sb.appendCodePoint(random.nextInt(7) == 0 ? ' ' : cps[random.nextInt(cps.length)]);
            }
            samples.add(sb.toString());
        }
        return samples;
    }

    @Test
    void readsIdsTagsAndSpecialsOfTheBase() throws IOException {
        PeerTokenizer t = PeerTokenizers.read(XttsFixture.realistic(dir.resolve("vocab.json"), false));
        assertEquals(PeerTokenizer.Format.XTTS_VOCAB_JSON, t.format());
        assertEquals("[STOP]", t.token(0).orElseThrow());
        assertEquals("[UNK]", t.token(1).orElseThrow());
        assertEquals(2, t.id("[SPACE]").getAsInt());
        int en = t.id("[en]").getAsInt();
        assertTrue(t.isSpecial(0) && t.isSpecial(1) && t.isSpecial(2) && t.isSpecial(en));
        assertFalse(t.isSpecial(t.id("e").getAsInt()));
        assertEquals(t.id("[el]").getAsInt() + 1, t.rows(), "rows = largest id + 1");
        int holes = 0;
        for (int id = 0; id < t.rows(); id++) {
            holes += t.token(id).isEmpty() ? 1 : 0;
        }
        assertTrue(holes >= 3, "the fixture has holes: " + holes);
        assertTrue(t.token(t.rows()).isEmpty());
        assertEquals(1, t.encode("ሰ")[0], "an unknown letter is [UNK]");
    }

    @Test
    void encodesAsTheTokenizersLibraryWithStringAndListMerges() throws Exception {
        for (boolean lists : new boolean[] {false, true}) {
            Path file = XttsFixture.realistic(dir.resolve(lists + "/vocab.json"), lists);
            String json = Files.readString(file, StandardCharsets.UTF_8);
            assertEquals(lists, json.contains("\"merges\": [\n      [\n"), "merge form in the fixture");
            PeerTokenizer ours = PeerTokenizers.read(file);
            List<String> samples = oldLanguageSamples(new Random(3), XttsFixture.baseCharacters(file));
            samples.add("ሰላም ዓለም። ይህ ፈተና ነው፣ the end");
            try (HfReference reference = HfReference.open(file)) {
                for (String s : samples) {
                    assertArrayEquals(reference.encode(s), ours.encode(s), "\"" + s + "\" (list merges " + lists + ")");
                }
            }
        }
    }

    @Test
    void aRepeatedMergeTakesItsLastRank() throws Exception {
        // "a b" first, "ab c" second, "b c" third, "a b" again last: "abc" becomes a + bc, not ab + c
        String json = """
                {"added_tokens": [{"id": 0, "content": "[STOP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                  {"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                  {"id": 2, "content": "[SPACE]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": null, "pre_tokenizer": {"type": "Whitespace"},
                 "model": {"type": "BPE", "unk_token": "[UNK]", "vocab": {"[STOP]": 0, "[UNK]": 1, "[SPACE]": 2, "a": 3, "b": 4,
                   "c": 5, "ab": 6, "bc": 7, "abc": 8},
                   "merges": ["a b", "ab c", "b c", "a b"]}}
                """;
        Path file = Files.writeString(dir.resolve("vocab.json"), json);
        PeerTokenizer t = PeerTokenizers.read(file);
        assertArrayEquals(new int[] {3, 7}, t.encode("abc"));
        try (HfReference reference = HfReference.open(file)) {
            assertArrayEquals(reference.encode("abc"), t.encode("abc"));
        }
    }

    @Test
    void refusesBrokenFilesNamingTheFileAndField() throws IOException {
        Path notBpe = Files.writeString(dir.resolve("a.json"), "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        IOException e = assertThrows(IOException.class, () -> PeerTokenizers.read(notBpe));
        assertTrue(e.getMessage().contains(notBpe.toString()) && e.getMessage().contains("WordPiece"), e.getMessage());
        Path badMerge = Files.writeString(dir.resolve("b.json"),
                "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a z\"]}}");
        e = assertThrows(IOException.class, () -> PeerTokenizers.read(badMerge));
        assertTrue(e.getMessage().contains("model.merges[0]") && e.getMessage().contains("z"), e.getMessage());
        Path badId = Files.writeString(dir.resolve("c.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -3}}}");
        e = assertThrows(IOException.class, () -> PeerTokenizers.read(badId));
        assertTrue(e.getMessage().contains("model.vocab[\"a\"]"), e.getMessage());
        Path garbage = Files.write(dir.resolve("vocab.json"), new byte[] {(byte) 0xFF, 0x13, 0x00});
        e = assertThrows(IOException.class, () -> PeerTokenizers.read(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
    }
}
