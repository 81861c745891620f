package dev.fidel.metrics;

import dev.fidel.text.AmharicNormalizer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * Character and word error rates on normalized text. Both texts pass through the same normalizer,
 * then runs of white space become one space. The character error rate counts code points,
 * spaces included; the word error rate counts space-separated words. {@link #spoken} scores the
 * {@link SpokenForm} instead (what a listener can hear and write); {@link #charactersIgnoringSpaces}
 * is blind to word boundaries.
 */
public final class ErrorRates {

    private final UnaryOperator<String> normalizer;
    private final UnaryOperator<String> textNormalizer;
    private final SpokenForm spokenForm;

    public ErrorRates(UnaryOperator<String> normalizer) {
        this(normalizer, null);
    }

    private ErrorRates(UnaryOperator<String> textNormalizer, SpokenForm spokenForm) {
        this.textNormalizer = textNormalizer;
        this.spokenForm = spokenForm;
        this.normalizer = spokenForm == null ? textNormalizer : t -> spokenForm.of(textNormalizer.apply(t));
    }

    /** These rates on the spoken form of the normalized texts, for a listener that writes the characters of {@code inventory}. */
    public ErrorRates spoken(IntPredicate inventory) {
        return new ErrorRates(textNormalizer, new SpokenForm(inventory));
    }

    /** The spoken form scored (null: the whole normalized text is). */
    public SpokenForm spokenForm() {
        return spokenForm;
    }


    public ErrorRates(AmharicNormalizer normalizer) {
        this((UnaryOperator<String>) normalizer::normalize);
    }

    /** The text both rates compare: normalized, white space collapsed and trimmed. */
    public String canonical(String text) {
        return normalizer.apply(text).strip().replaceAll("\\s+", " ");
    }

    public EditScore characters(String reference, String hypothesis) {
        int[] r = canonical(reference).codePoints().toArray();
        int[] h = canonical(hypothesis).codePoints().toArray();
        return new EditScore(Levenshtein.distance(r, h), r.length);
    }

    /** The character error rate with every space removed from both texts: blind to where words break. */
    public EditScore charactersIgnoringSpaces(String reference, String hypothesis) {
        int[] r = canonical(reference).replace(" ", "").codePoints().toArray();
        int[] h = canonical(hypothesis).replace(" ", "").codePoints().toArray();
        return new EditScore(Levenshtein.distance(r, h), r.length);
    }

    public EditScore words(String reference, String hypothesis) {
        List<String> r = words(canonical(reference));
        List<String> h = words(canonical(hypothesis));
        return new EditScore(Levenshtein.distance(r, h), r.size());
    }

    private static List<String> words(String canonical) {
        return canonical.isEmpty() ? List.of() : Arrays.asList(canonical.split(" "));
    }
}
