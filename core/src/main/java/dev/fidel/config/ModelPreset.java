package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.fidel.model.GptConfig;
import java.util.Locale;

/** The model sizes a run trains from scratch ({@code <preset>}; a base checkpoint brings its own). */
public enum ModelPreset {
    NANO, SMALL;

    /** The name in the POM and in the checkpoint ({@code nano}). */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The model of this size for a vocabulary and a codebook. */
    public GptConfig config(int vocabularySize, int codebookSize) {
        return this == NANO ? GptConfig.nano(vocabularySize, codebookSize) : GptConfig.small(vocabularySize, codebookSize);
    }
}
