package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fidel.data.DataManifest;
import dev.fidel.data.Utterance;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.text.NormalizerProfile.Flag;
import dev.fidel.util.Json;
import dev.fidel.util.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate carries the text prepare-data normalized when it normalized with the gate's profile, and only then. */
class GateSentenceTest {

    @TempDir
    Path data;

    private List<GateSentence> read(NormalizerProfile dataProfile, String fidelVersion, NormalizerProfile gateProfile) throws Exception {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("formatVersion", DataManifest.FORMAT_VERSION);
        manifest.put("fidelVersion", fidelVersion);
        manifest.put("normalizerSha256", dataProfile.sha256());
        Files.writeString(data.resolve(DataManifest.FILE_NAME), Json.write(manifest));
        // A normalizedText no normalizer makes: seen in the sentence only when it is carried, not made again.
        Utterance u = new Utterance("t0", "s", "audio/t0.wav", 1.0, "ዶ/ር 5", "CARRIED");
        Files.writeString(data.resolve("test.jsonl"), Json.line(u) + "\n");
        return GateSentence.read(new GateRequest.Sentences(data, null, 0), new AmharicNormalizer(gateProfile));
    }

    @Test
    void theTestSplitsNormalizedTextIsCarriedUnderTheSameProfileAndFidel() throws Exception {
        NormalizerProfile profile = NormalizerProfile.amharic();
        assertEquals("CARRIED", read(profile, Versions.FIDEL, profile).get(0).normalizedText());
    }

    @Test
    void anotherProfileOrFidelVersionNormalizesAgain() throws Exception {
        NormalizerProfile profile = NormalizerProfile.amharic();
        NormalizerProfile other = profile.with(Flag.FOLD_HOMOPHONES, true);
        String again = new AmharicNormalizer(other).normalize("ዶ/ር 5");
        assertEquals(again, read(profile, Versions.FIDEL, other).get(0).normalizedText());
        assertEquals(new AmharicNormalizer(profile).normalize("ዶ/ር 5"), read(profile, "0.0-older", profile).get(0).normalizedText());
    }
}
