package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.text.NormalizerProfile.Flag;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizerProfileTest {

    private static final NormalizerProfile AMHARIC = NormalizerProfile.amharic();

    @TempDir
    Path dir;

    @Test
    void jsonRoundTripKeepsEveryRuleAndTheIdentity() throws IOException {
        Path file = dir.resolve("profile.json");
        AMHARIC.write(file);
        NormalizerProfile back = NormalizerProfile.read(file);
        assertEquals(AMHARIC, back);
        assertEquals(AMHARIC.sha256(), back.sha256());
        assertEquals(List.of(), AMHARIC.diff(back));
        assertEquals(Files.readString(file), Json.write(back) + "\n", "writing is canonical: same rules, same bytes");
    }

    @Test
    void builtInProfileHasTheDocumentedDefaults() {
        assertEquals(NormalizerProfile.FORMAT_VERSION, AMHARIC.formatVersion());
        assertEquals("ዶክተር", AMHARIC.abbreviations().get("ዶ/ር"));
        assertTrue(AMHARIC.has(Flag.EXPAND_ABBREVIATIONS));
        assertTrue(!AMHARIC.has(Flag.FOLD_HOMOPHONES), "homophone folding is off by default");
        assertEquals(64, AMHARIC.sha256().length());
        assertEquals(AMHARIC.sha256(), NormalizerProfile.amharic().sha256(), "identity is stable");
    }

    @Test
    void identityChangesWhenAnyRuleChanges() {
        String base = AMHARIC.sha256();
        assertNotEquals(base, withAbbreviation("ዶ/ር", "ዲክተር").sha256());
        assertNotEquals(base, AMHARIC.with(Flag.FOLD_HOMOPHONES, true).sha256());
        assertNotEquals(base, withOne(3, "ሦስት").sha256());
        assertEquals(base, AMHARIC.with(Flag.FOLD_HOMOPHONES, false).sha256(), "setting a flag to what it is changes nothing");
    }

    @Test
    void diffListsExactlyTheChangedRules() {
        Map<String, String> abbreviations = new TreeMap<>(AMHARIC.abbreviations());
        abbreviations.remove("ዶ/ር");
        abbreviations.put("ወ/ሮ", "እመቤት");
        abbreviations.put("ቀ.ኃ.ሥ", "ቀዳማዊ ኃይለ ሥላሴ");
        NormalizerProfile changed = new NormalizerProfile(AMHARIC.formatVersion(), AMHARIC.name(), AMHARIC.flags(), abbreviations,
                AMHARIC.contractions(), AMHARIC.attachedPrefixes(), AMHARIC.currencies(), AMHARIC.units(), AMHARIC.punctuation(),
                AMHARIC.homophones(), AMHARIC.numbers()).with(Flag.FOLD_HOMOPHONES, true);

        assertEquals(List.of(
                "flag FOLD_HOMOPHONES: off -> on",
                "abbreviation \"ወ/ሮ\": \"ወይዘሮ\" -> \"እመቤት\"",
                "abbreviation \"ዶ/ር\": \"ዶክተር\" -> (removed)",
                "abbreviation \"ቀ.ኃ.ሥ\": (absent) -> \"ቀዳማዊ ኃይለ ሥላሴ\""), AMHARIC.diff(changed));
        assertEquals(4, changed.diff(AMHARIC).size(), "the other way round lists the same rules");
    }

    @Test
    void diffNamesNumberWordsInPlainWords() {
        assertEquals(List.of("number word for 3: \"ሶስት\" -> \"ሦስት\""), AMHARIC.diff(withOne(3, "ሦስት")));
    }

    @Test
    void changedProfileChangesTheReading() {
        AmharicNormalizer drifted = new AmharicNormalizer(withAbbreviation("ዶ/ር", "ዲክተር"));
        assertEquals("ዲክተር አበበ", drifted.normalize("ዶ/ር አበበ"));
    }

    @Test
    void readNamesTheFileAndTheBrokenRule() throws IOException {
        Path file = dir.resolve("broken.json");
        String json = Json.write(AMHARIC).replace("\"ዶ/ር\"", "\"ዶር\"");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> NormalizerProfile.read(file));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
        assertTrue(e.getMessage().contains("ዶር"), e.getMessage());
    }

    @Test
    void readRejectsANewerFormatAndMissingRules() throws IOException {
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, Json.write(AMHARIC).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        IOException e = assertThrows(IOException.class, () -> NormalizerProfile.read(newer));
        assertTrue(e.getMessage().contains("formatVersion 99"), e.getMessage());

        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"formatVersion\": 1, \"name\": \"x\"}");
        IOException missing = assertThrows(IOException.class, () -> NormalizerProfile.read(partial));
        assertTrue(missing.getMessage().contains("partial.json"), missing.getMessage());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }

    @Test
    void rulesThatWouldBreakIdempotenceAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withAbbreviation("ወዘተ", "ወዘተረፈ"));
        assertTrue(e.getMessage().contains("ወዘተ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withAbbreviation("ኪ.ሜ", "5 ኪሎ"));
        assertThrows(IllegalArgumentException.class, () -> withOne(1, "1"));
        assertThrows(IllegalArgumentException.class, () -> withOne(1, "አን-ድ"), "a hyphen would become a space on a second pass");
        assertThrows(IllegalArgumentException.class, () -> withAbbreviation("ቤ/ክ", "ቤተ ፩"), "a numeral would be read on a second pass");
        IllegalArgumentException mark = assertThrows(IllegalArgumentException.class, () -> withAbbreviation("ቤ/ክ", "ቤተ (ክርስቲያን)"));
        assertTrue(mark.getMessage().contains("second pass"), mark.getMessage());
    }

    private static NormalizerProfile withAbbreviation(String key, String value) {
        Map<String, String> abbreviations = new TreeMap<>(AMHARIC.abbreviations());
        abbreviations.put(key, value);
        return new NormalizerProfile(AMHARIC.formatVersion(), AMHARIC.name(), AMHARIC.flags(), abbreviations, AMHARIC.contractions(),
                AMHARIC.attachedPrefixes(), AMHARIC.currencies(), AMHARIC.units(), AMHARIC.punctuation(), AMHARIC.homophones(),
                AMHARIC.numbers());
    }

    private static NormalizerProfile withOne(int digit, String word) {
        NumberWords w = AMHARIC.numbers();
        List<String> ones = new java.util.ArrayList<>(w.ones());
        ones.set(digit, word);
        NumberWords changed = new NumberWords(ones, w.tens(), w.teenPrefix(), w.hundred(), w.oneBeforeHundred(), w.scales(), w.ordinals(),
                w.point(), w.minus(), w.range());
        return new NormalizerProfile(AMHARIC.formatVersion(), AMHARIC.name(), AMHARIC.flags(), AMHARIC.abbreviations(),
                AMHARIC.contractions(), AMHARIC.attachedPrefixes(), AMHARIC.currencies(), AMHARIC.units(), AMHARIC.punctuation(),
                AMHARIC.homophones(), changed);
    }
}
