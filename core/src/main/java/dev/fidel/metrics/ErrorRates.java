package dev.fidel.metrics;

import dev.fidel.text.AmharicNormalizer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Character and word error rates on normalized text. Both texts pass through the same normalizer,
 * then runs of white space become one space. The character error rate counts code points,
 * spaces included; the word error rate counts space-separated words.
 */
public final class ErrorRates {

    private final UnaryOperator<String> normalizer;

    public ErrorRates(UnaryOperator<String> normalizer) {
        this.normalizer = normalizer;
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

    public EditScore words(String reference, String hypothesis) {
        List<String> r = words(canonical(reference));
        List<String> h = words(canonical(hypothesis));
        return new EditScore(Levenshtein.distance(r, h), r.size());
    }

    private static List<String> words(String canonical) {
        return canonical.isEmpty() ? List.of() : Arrays.asList(canonical.split(" "));
    }
}
