package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.metrics.SpokenForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A character of the sentences that no CER or WER counts, because it is not in their {@link SpokenForm}: how often it
 * occurs in the references and why it was left out.
 *
 * @param character the character
 * @param codePoint its code point, {@code U+1362}
 * @param count occurrences in the normalized sentences
 * @param reason {@link SpokenForm#PUNCTUATION} or {@link SpokenForm#OUTSIDE_INVENTORY}
 */
public record NotScored(
        @JsonProperty("character") String character,
        @JsonProperty("codePoint") String codePoint,
        @JsonProperty("count") int count,
        @JsonProperty("reason") String reason) {

    /** Every character of {@code normalizedTexts} the spoken form leaves out, most frequent first. */
    static List<NotScored> in(List<String> normalizedTexts, SpokenForm form) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : normalizedTexts) {
            form.dropped(t).forEach((c, n) -> counts.merge(c, n, Integer::sum));
        }
        List<NotScored> out = new ArrayList<>();
        counts.forEach((c, n) -> out.add(new NotScored(c, String.format(Locale.ROOT, "U+%04X", c.codePointAt(0)), n,
                form.reason(c.codePointAt(0)))));
        out.sort((a, b) -> Integer.compare(b.count, a.count));
        return out;
    }
}
