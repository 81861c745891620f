package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Predicate;

/** Character and word error rates pooled over sentences (edits summed, divided by length summed). */
public record Figures(
        @JsonProperty("sentences") int sentences,
        @JsonProperty("cer") double cer,
        @JsonProperty("wer") double wer) {

    public static Figures of(List<SentenceResult> results, Predicate<SentenceResult> which) {
        long ce = 0;
        long c = 0;
        long we = 0;
        long w = 0;
        int n = 0;
        for (SentenceResult r : results) {
            if (which.test(r)) {
                ce += r.characterEdits();
                c += r.characters();
                we += r.wordEdits();
                w += r.words();
                n++;
            }
        }
        return n == 0 ? null : new Figures(n, c == 0 ? 0 : (double) ce / c, w == 0 ? 0 : (double) we / w);
    }
}
