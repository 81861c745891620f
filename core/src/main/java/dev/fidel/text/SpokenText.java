package dev.fidel.text;

/**
 * A text as written and as it is read aloud ({@link AmharicNormalizer#normalize}): normalized once, where the text
 * enters Fidel (prepare-data for the corpus, the gate for its sentences), and carried from then on, so scoring and
 * tokenization need not normalize it again.
 *
 * @param written the text as written
 * @param normalized its spoken form under the normalizer profile in use
 */
public record SpokenText(String written, String normalized) {

    public SpokenText {
        if (written == null || normalized == null) {
            throw new IllegalArgumentException("a spoken text needs its written and its normalized form");
        }
    }
}
