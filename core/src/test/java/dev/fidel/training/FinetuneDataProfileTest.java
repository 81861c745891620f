package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.data.DataManifest;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** finetune trains with one normalizer profile from prepare-data on: data prepared with another is refused. */
class FinetuneDataProfileTest {

    private static final NormalizerProfile AMHARIC = NormalizerProfile.amharic();

    @TempDir
    Path dir;

    @Test
    void dataPreparedWithTheSameProfileIsAccepted() throws IOException {
        Path train = prepared(AMHARIC);
        assertDoesNotThrow(() -> FinetuneInputs.checkDataProfile(train, AMHARIC));
    }

    @Test
    void dataWithoutManifestIsNotChecked() {
        assertDoesNotThrow(() -> FinetuneInputs.checkDataProfile(dir.resolve("train.jsonl"), AMHARIC));
    }

    @Test
    void dataPreparedWithAnotherProfileIsRefusedWithTheChangedRuleAndBothIdentities() throws IOException {
        Path train = prepared(AMHARIC);
        Map<String, String> abbreviations = new TreeMap<>(AMHARIC.abbreviations());
        abbreviations.put("ዶ/ር", "ዶክተሩ");
        NormalizerProfile edited = new NormalizerProfile(AMHARIC.formatVersion(), AMHARIC.name(), AMHARIC.flags(), abbreviations,
                AMHARIC.contractions(), AMHARIC.attachedPrefixes(), AMHARIC.currencies(), AMHARIC.units(), AMHARIC.punctuation(),
                AMHARIC.homophones(), AMHARIC.numbers());

        FidelException e = assertThrows(FidelException.class, () -> FinetuneInputs.checkDataProfile(train, edited));

        assertEquals("normalizerProfile", e.setting());
        String m = e.getMessage();
        assertTrue(m.contains("was prepared with normalizer profile " + AMHARIC.sha256().substring(0, 12)), m);
        assertTrue(m.contains("but <normalizerProfile> is " + edited.sha256().substring(0, 12)), m);
        assertTrue(m.contains("1 rule(s) changed (data -> current):\n  abbreviation \"ዶ/ር\": \"ዶክተር\" -> \"ዶክተሩ\""), m);
        assertTrue(m.contains("Run prepare-data (and train-vocab) with the same <normalizerProfile>"), m);
    }

    /** A data folder whose {@code manifest.json} records {@code profile}, as prepare-data writes it. */
    private Path prepared(NormalizerProfile profile) throws IOException {
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("formatVersion", DataManifest.FORMAT_VERSION);
        manifest.set("normalizerProfile", Json.MAPPER.valueToTree(profile));
        manifest.put("normalizerSha256", profile.sha256());
        Files.writeString(dir.resolve(DataManifest.FILE_NAME), Json.write(manifest));
        return dir.resolve("train.jsonl");
    }
}
