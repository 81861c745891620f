package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <normalizerProfile>}: the file a user edits, and the messages when it is wrong. */
class NormalizerProfileFileTest {

    @TempDir
    Path dir;

    @Test
    void noFileIsTheBuiltInProfile() throws FidelException {
        assertSame(NormalizerProfile.amharic(), NormalizerProfile.configured(null));
    }

    @Test
    void anEditedCopyOfTheBuiltInProfileIsReadWithItsChangedRule() throws IOException, FidelException {
        Path file = dir.resolve("edited.json");
        String builtIn = Files.readString(Path.of("src/main/resources/" + NormalizerProfile.BUILTIN_RESOURCE), StandardCharsets.UTF_8);
        Files.writeString(file, builtIn.replace("\"ዶ/ር\": \"ዶክተር\"", "\"ዶ/ር\": \"ዶክተሩ\""), StandardCharsets.UTF_8);

        NormalizerProfile edited = NormalizerProfile.configured(file);

        assertNotEquals(NormalizerProfile.amharic().sha256(), edited.sha256());
        assertEquals(List.of("abbreviation \"ዶ/ር\": \"ዶክተር\" -> \"ዶክተሩ\""), NormalizerProfile.amharic().diff(edited));
        assertEquals("ዶክተሩ አበበ", new AmharicNormalizer(edited).normalize("ዶ/ር አበበ"));
    }

    @Test
    void aMissingFileIsNamedWithWhereToFindTheBuiltInOne() {
        Path file = dir.resolve("nowhere.json");
        FidelException e = assertThrows(FidelException.class, () -> NormalizerProfile.configured(file));
        assertEquals("normalizerProfile", e.setting());
        assertTrue(e.getMessage().startsWith("<normalizerProfile> " + file + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains(NormalizerProfile.BUILTIN_RESOURCE) && e.getMessage().contains(NormalizerProfile.FILE_NAME),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotJsonIsNamedWithTheLine() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"name\": \"amharic\",\n  oops\n}\n");
        FidelException e = assertThrows(FidelException.class, () -> NormalizerProfile.configured(file));
        assertTrue(e.getMessage().startsWith("<normalizerProfile> " + file + " is not a normalizer profile (line 3"), e.getMessage());
    }

    @Test
    void aBrokenRuleIsNamedByTheProfilesOwnCheck() throws IOException {
        Path file = dir.resolve("bad-rule.json");
        NormalizerProfile.amharic().write(file);
        // An abbreviation without a mark could be expanded again: the profile refuses it.
        Files.writeString(file, Files.readString(file).replace("\"ዶ/ር\"", "\"ዶር\""));
        FidelException e = assertThrows(FidelException.class, () -> NormalizerProfile.configured(file));
        assertTrue(e.getMessage().startsWith("<normalizerProfile> " + file + " is not a valid normalizer profile: abbreviations key \"ዶር\" must "
                + "contain one of"), e.getMessage());
    }

    @Test
    void aMisspelledKeyIsRefusedNamingTheRulesItLeavesMissing() throws IOException {
        Path file = dir.resolve("typo.json");
        NormalizerProfile.amharic().write(file);
        Files.writeString(file, Files.readString(file).replace("\"abbreviations\"", "\"abbreviation\""));
        FidelException e = assertThrows(FidelException.class, () -> NormalizerProfile.configured(file));
        assertTrue(e.getMessage().endsWith("is not a valid normalizer profile: \"abbreviations\" is missing"),
                e.getMessage());
    }
}
