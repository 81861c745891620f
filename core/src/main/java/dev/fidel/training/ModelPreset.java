package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.model.GptConfig;
import java.util.Arrays;
import java.util.Locale;

/** The model sizes a run trains from scratch ({@code <preset>}; a base checkpoint brings its own). */
public enum ModelPreset {
    NANO, SMALL;

    /** The name in the POM and in the checkpoint ({@code nano}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset {@code <preset>} names; refused naming the element and the allowed values. */
    public static ModelPreset parse(String name) throws FidelException {
        for (ModelPreset p : values()) {
            if (p.key().equals(name)) {
                return p;
            }
        }
        throw new FidelException("<preset> " + name + " is not " + String.join(" or ", Arrays.stream(values()).map(ModelPreset::key)
                .toList()), "preset", null);
    }

    /** The model of this size for a vocabulary and a codebook. */
    public GptConfig config(int vocabularySize, int codebookSize) {
        return this == NANO ? GptConfig.nano(vocabularySize, codebookSize) : GptConfig.small(vocabularySize, codebookSize);
    }
}
