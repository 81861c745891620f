package dev.fidel.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shape of a {@link SpeechGpt}, in one record with named sizes. Token counts exclude the start and
 * stop tokens the model adds ({@code textVocabularySize} and {@code textVocabularySize + 1}, likewise
 * for codes).
 *
 * @param width model width d
 * @param layers number of {@link GptBlock}s
 * @param heads attention heads (width must divide by it)
 * @param dropout dropout on embeddings and residual branches while training
 * @param textVocabularySize text token ids {@code 0 .. textVocabularySize-1}
 * @param codebookSize code ids {@code 0 .. codebookSize-1} (the codec's codebook)
 * @param maxTextTokens longest text, in tokens, the position table holds
 * @param maxCodeTokens longest code sequence the position table holds
 * @param conditioningLatents perceiver latents the speaker reference is resampled to
 * @param mels mel bands of the speaker reference
 */
public record GptConfig(
        @JsonProperty("width") int width,
        @JsonProperty("layers") int layers,
        @JsonProperty("heads") int heads,
        @JsonProperty("dropout") float dropout,
        @JsonProperty("textVocabularySize") int textVocabularySize,
        @JsonProperty("codebookSize") int codebookSize,
        @JsonProperty("maxTextTokens") int maxTextTokens,
        @JsonProperty("maxCodeTokens") int maxCodeTokens,
        @JsonProperty("conditioningLatents") int conditioningLatents,
        @JsonProperty("mels") int mels) {

    public GptConfig {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " must be a multiple of heads " + heads);
        }
    }

    /** Trains on 2 CPU cores in minutes (~3.5 M parameters with small vocabularies). */
    public static GptConfig nano(int textVocabularySize, int codebookSize) {
        return new GptConfig(256, 4, 4, 0.1f, textVocabularySize, codebookSize, 256, 800, 8, 80);
    }

    /** A size for a GPU or a long CPU run. */
    public static GptConfig small(int textVocabularySize, int codebookSize) {
        return new GptConfig(512, 8, 8, 0.1f, textVocabularySize, codebookSize, 402, 1200, 32, 80);
    }

    public int textStart() {
        return textVocabularySize;
    }

    public int textStop() {
        return textVocabularySize + 1;
    }

    public int codeStart() {
        return codebookSize;
    }

    public int codeStop() {
        return codebookSize + 1;
    }
}
