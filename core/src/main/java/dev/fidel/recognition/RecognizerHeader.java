package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.audio.MelConfig;
import java.util.List;
import java.util.Map;

/**
 * The JSON beside a saved recognizer's weights: everything needed to rebuild it and to know what it
 * is (character set, feature settings, normalizer identity, training provenance) and the order,
 * shape and SHA-256 of the raw float32 weights.
 */
public record RecognizerHeader(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("kind") String kind,
        @JsonProperty("config") CtcRecognizerConfig config,
        @JsonProperty("characterSet") CharacterSet characterSet,
        @JsonProperty("melConfig") MelConfig melConfig,
        @JsonProperty("features") FeatureStatistics features,
        @JsonProperty("normalizerSha256") String normalizerSha256,
        @JsonProperty("parameters") List<ParameterEntry> parameters,
        @JsonProperty("weightsSha256") String weightsSha256,
        @JsonProperty("training") Map<String, Object> training,
        @JsonProperty("versions") Map<String, String> versions) {

    public static final int FORMAT_VERSION = 1;
    public static final String KIND = "fidel-ctc-recognizer";

    /** One weight tensor, in file order: its name in the network and its shape. */
    public record ParameterEntry(@JsonProperty("name") String name, @JsonProperty("shape") long[] shape) {
    }
}
