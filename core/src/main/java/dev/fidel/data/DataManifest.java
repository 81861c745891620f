package dev.fidel.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a prepared data folder: what made it and what it holds.
 *
 * @param formatVersion version of this layout ({@link #FORMAT_VERSION})
 * @param task "prepare-data"
 * @param fidelVersion the Fidel version that wrote it
 * @param corpusDirectory the corpus it was prepared from
 * @param inputs SHA-256 of every file of the corpus, by path relative to the corpus directory
 * @param normalizerProfile the normalizer profile every {@code normalizedText} went through
 * @param normalizerSha256 that profile's identity
 * @param sampleRate sample rate of the normalized audio
 * @param limits the checks' limits
 * @param maxRejectedRatio the rejected share that fails the build
 * @param counts accepted, rejected, train, val, test, corpusFiles, ignoredFiles (see {@link CorpusScan#ignored()}), downmixed
 * @param rejectedByReason rejected inputs per reason code
 * @param durations seconds of accepted audio: total, train, val, test
 * @param speakers every speaker of the accepted utterances, sorted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataManifest(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("task") String task,
        @JsonProperty("fidelVersion") String fidelVersion,
        @JsonProperty("corpusDirectory") String corpusDirectory,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("normalizerProfile") JsonNode normalizerProfile,
        @JsonProperty("normalizerSha256") String normalizerSha256,
        @JsonProperty("sampleRate") int sampleRate,
        @JsonProperty("limits") QualityLimits limits,
        @JsonProperty("maxRejectedRatio") double maxRejectedRatio,
        @JsonProperty("counts") Map<String, Integer> counts,
        @JsonProperty("rejectedByReason") Map<String, Integer> rejectedByReason,
        @JsonProperty("durations") Map<String, Double> durations,
        @JsonProperty("speakers") List<String> speakers) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    public int count(String key) {
        return counts.getOrDefault(key, 0);
    }
}
