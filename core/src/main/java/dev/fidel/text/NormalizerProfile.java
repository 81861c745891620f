package dev.fidel.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.util.Map;
import java.util.TreeMap;

/**
 * The normalization rules as data. Its SHA-256 (over its canonical JSON) is its identity, carried
 * into every artifact downstream so that training and synthesis provably normalize the same way.
 *
 * <p>SKELETON: the text helper replaces this with the full rule set (numbers, abbreviations,
 * punctuation, units, homophone folding) and a diff between two profiles.
 */
public record NormalizerProfile(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("name") String name,
        @JsonProperty("abbreviations") Map<String, String> abbreviations) {

    public NormalizerProfile {
        abbreviations = new TreeMap<>(abbreviations);
    }

    /** The built-in Amharic profile. */
    public static NormalizerProfile amharic() {
        return new NormalizerProfile(1, "amharic", Map.of("ዶ/ር", "ዶክተር", "ወ/ሮ", "ወይዘሮ"));
    }

    /** The profile's identity: SHA-256 of its canonical JSON. */
    public String sha256() {
        return Sha256.of(Json.line(this));
    }
}
