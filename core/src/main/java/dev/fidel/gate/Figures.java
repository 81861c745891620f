package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Predicate;

/**
 * Character and word error rates pooled over sentences (edits summed, divided by length summed), on the spoken form;
 * {@code cerIgnoringSpaces} is the character error rate with spaces removed from both sides (blind to word boundaries).
 */
public record Figures(
        @JsonProperty("sentences") int sentences,
        @JsonProperty("cer") double cer,
        @JsonProperty("wer") double wer,
        @JsonProperty("cerIgnoringSpaces") double cerIgnoringSpaces) {

    public static Figures of(List<SentenceResult> results, Predicate<SentenceResult> which) {
        long ce = 0;
        long c = 0;
        long we = 0;
        long w = 0;
        long se = 0;
        long s = 0;
        int n = 0;
        for (SentenceResult r : results) {
            if (which.test(r)) {
                ce += r.characterEdits();
                c += r.characters();
                we += r.wordEdits();
                w += r.words();
                se += r.characterEditsIgnoringSpaces();
                s += r.charactersIgnoringSpaces();
                n++;
            }
        }
        return n == 0 ? null : new Figures(n, c == 0 ? 0 : (double) ce / c, w == 0 ? 0 : (double) we / w, s == 0 ? 0 : (double) se / s);
    }
}
