package dev.fidel.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code extension.json}, written by {@code train-vocab} beside a peer's extended tokenizer: what it is
 * and what it was made from.
 *
 * @param formatVersion this header's format
 * @param format the tokenizer's format ({@code XTTS_VOCAB_JSON} or {@code SENTENCEPIECE_MODEL})
 * @param file the extended tokenizer's file name, the base's own
 * @param sha256 SHA-256 of the extended file
 * @param baseSha256 SHA-256 of the base file ({@code <baseTokenizer>})
 * @param baseRows the base's rows: every id below keeps its token
 * @param rows the extended tokenizer's rows (XTTS: largest id + 1; SentencePiece: pieces)
 * @param piecesAdded pieces appended (the language tag included)
 * @param charactersAdded characters among them
 * @param learnedAdded learned pieces (XTTS: merges appended)
 * @param languageTag XTTS: the tag added for the text's language, else null
 * @param languageTagId XTTS: its id, else null
 * @param normalizerProfileSha256 the normalizer profile the text was normalized with before learning
 * @param trainer the trainer settings
 * @param inputs SHA-256 of every text input, by file name
 * @param fidelVersion the Fidel version that wrote it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenizerExtensionInfo(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("format") String format,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("baseSha256") String baseSha256,
        @JsonProperty("baseRows") int baseRows,
        @JsonProperty("rows") int rows,
        @JsonProperty("piecesAdded") int piecesAdded,
        @JsonProperty("charactersAdded") int charactersAdded,
        @JsonProperty("learnedAdded") int learnedAdded,
        @JsonProperty("languageTag") String languageTag,
        @JsonProperty("languageTagId") Integer languageTagId,
        @JsonProperty("normalizerProfileSha256") String normalizerProfileSha256,
        @JsonProperty("trainer") Map<String, Object> trainer,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("fidelVersion") String fidelVersion) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "extension.json";
}
