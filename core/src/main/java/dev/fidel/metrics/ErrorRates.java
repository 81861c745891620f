package dev.fidel.metrics;

import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.SpokenText;
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
        return collapse(normalizer.apply(text));
    }

    /**
     * The canonical form of a text this rates' normalizer has already normalized (normalized once where it entered
     * Fidel): not normalized again, which gives the same as {@link #canonical(String)} on its written form because
     * normalizing is idempotent. A {@code text} normalized under another profile must go through {@link #canonical(String)}.
     */
    public String canonical(SpokenText text) {
        return collapse(spokenForm == null ? text.normalized() : spokenForm.of(text.normalized()));
    }

    private static String collapse(String normalized) {
        return normalized.strip().replaceAll("\\s+", " ");
    }

    /**
     * The three scores of one reference against one hypothesis, with the canonical forms they compared: each text made
     * canonical once.
     *
     * @param characters the character edit score, spaces included
     * @param words the word edit score
     * @param charactersIgnoringSpaces the character edit score with every space removed
     * @param reference the reference's canonical form
     * @param hypothesis the hypothesis's canonical form
     */
    public record Scores(EditScore characters, EditScore words, EditScore charactersIgnoringSpaces, String reference,
            String hypothesis) {
    }

    /** {@link #characters}, {@link #words} and {@link #charactersIgnoringSpaces} of the pair at once. */
    public Scores score(String reference, String hypothesis) {
        return scoreCanonical(canonical(reference), canonical(hypothesis));
    }

    /** {@link #score(String, String)} for a reference this rates' normalizer has already normalized. */
    public Scores score(SpokenText reference, String hypothesis) {
        return scoreCanonical(canonical(reference), canonical(hypothesis));
    }

    private static Scores scoreCanonical(String reference, String hypothesis) {
        int[] r = reference.codePoints().toArray();
        int[] h = hypothesis.codePoints().toArray();
        int[] rs = reference.replace(" ", "").codePoints().toArray();
        int[] hs = hypothesis.replace(" ", "").codePoints().toArray();
        List<String> rw = words(reference);
        List<String> hw = words(hypothesis);
        return new Scores(new EditScore(Levenshtein.distance(r, h), r.length), new EditScore(Levenshtein.distance(rw, hw), rw.size()),
                new EditScore(Levenshtein.distance(rs, hs), rs.length), reference, hypothesis);
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
