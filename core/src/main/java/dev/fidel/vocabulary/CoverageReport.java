package dev.fidel.vocabulary;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code coverage.json}: how well a vocabulary covers a text.
 *
 * @param formatVersion this report's format
 * @param vocabularyIdentity the vocabulary checked
 * @param normalizerProfileSha256 the profile the text was normalized with
 * @param inputs SHA-256 of each input file
 * @param lines lines checked
 * @param characters characters in the normalized text, spaces left out
 * @param coveredCharacters characters that have a piece of their own (no unknown, no byte fallback)
 * @param characterCoverage coveredCharacters / characters
 * @param tokens tokens the text encodes to
 * @param unknownTokens {@code <unk>} tokens
 * @param byteFallbackTokens byte pieces
 * @param unknownTokenRate (unknownTokens + byteFallbackTokens) / tokens: tokens that carry no learned piece
 * @param words space-separated words
 * @param tokensPerCharacter tokens / characters
 * @param tokensPerWord tokens / words
 * @param uncovered the uncovered characters, most frequent first (at most 20)
 * @param minCoverage the threshold checked
 * @param maxUnknownRate the threshold checked
 * @param passed whether both thresholds hold
 */
public record CoverageReport(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("vocabularyIdentity") String vocabularyIdentity,
        @JsonProperty("normalizerProfileSha256") String normalizerProfileSha256,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("lines") long lines,
        @JsonProperty("characters") long characters,
        @JsonProperty("coveredCharacters") long coveredCharacters,
        @JsonProperty("characterCoverage") double characterCoverage,
        @JsonProperty("tokens") long tokens,
        @JsonProperty("unknownTokens") long unknownTokens,
        @JsonProperty("byteFallbackTokens") long byteFallbackTokens,
        @JsonProperty("unknownTokenRate") double unknownTokenRate,
        @JsonProperty("words") long words,
        @JsonProperty("tokensPerCharacter") double tokensPerCharacter,
        @JsonProperty("tokensPerWord") double tokensPerWord,
        @JsonProperty("uncovered") List<Uncovered> uncovered,
        @JsonProperty("minCoverage") double minCoverage,
        @JsonProperty("maxUnknownRate") double maxUnknownRate,
        @JsonProperty("passed") boolean passed) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "coverage.json";

    /**
     * One character the vocabulary does not cover.
     *
     * @param character the character
     * @param codePoint as {@code U+1234}
     * @param name its Unicode name
     * @param count occurrences
     * @param examples up to three lines with it, as {@code file:line: text}
     */
    public record Uncovered(
            @JsonProperty("character") String character,
            @JsonProperty("codePoint") String codePoint,
            @JsonProperty("name") String name,
            @JsonProperty("count") long count,
            @JsonProperty("examples") List<String> examples) {
    }
}
