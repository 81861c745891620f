package dev.fidel.vocabulary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code vocabulary.json}, the header beside {@code vocabulary.model}: what the vocabulary is and how it
 * was made. Loading checks the model's pieces against {@link #identity()}.
 *
 * @param formatVersion this header's format
 * @param identity SHA-256 over the ordered pieces (type and text), see {@link SentencePieceModel#identity()}
 * @param size number of pieces (ids are 0..size-1)
 * @param modelType BPE or UNIGRAM (extended base models keep their type)
 * @param byteFallback whether unknown characters fall back to byte pieces
 * @param specialTokens ids of {@code unk}, {@code bos}, {@code eos}, {@code pad} (-1 when absent)
 * @param normalizerProfileSha256 the normalizer profile the text was normalized with, for training and
 *        for every later encode
 * @param modelSha256 SHA-256 of the {@code .model} file's bytes
 * @param trainer the trainer settings
 * @param inputs SHA-256 of every training input, by file name
 * @param base the base vocabulary when this one extends it, else null
 * @param fidelVersion the Fidel version that wrote it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VocabularyInfo(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("identity") String identity,
        @JsonProperty("size") int size,
        @JsonProperty("modelType") String modelType,
        @JsonProperty("byteFallback") boolean byteFallback,
        @JsonProperty("specialTokens") Map<String, Integer> specialTokens,
        @JsonProperty("normalizerProfileSha256") String normalizerProfileSha256,
        @JsonProperty("modelSha256") String modelSha256,
        @JsonProperty("trainer") Map<String, Object> trainer,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("base") Base base,
        @JsonProperty("fidelVersion") String fidelVersion) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "vocabulary.json";
    public static final String MODEL_FILE_NAME = "vocabulary.model";

    /**
     * The base vocabulary an extended one starts from.
     *
     * @param identity the base's identity
     * @param size the base's size: ids below it mean what they meant in the base
     * @param modelType the base's model type
     * @param piecesAdded pieces appended after the base's
     */
    public record Base(
            @JsonProperty("identity") String identity,
            @JsonProperty("size") int size,
            @JsonProperty("modelType") String modelType,
            @JsonProperty("piecesAdded") int piecesAdded) {
    }
}
