package dev.fidel.text;

import dev.fidel.text.NormalizerProfile.Flag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Abbreviations and contractions expanded where a word starts (ዶ/ር -> ዶክተር), also behind an attached preposition
 * (በዶ/ር -> በዶክተር) and with the vowel the writer gave the last letter (ም/ቤቱ -> ምክር ቤቱ): the profile's
 * {@code abbreviations} and {@code contractions}, each when its flag is on.
 */
final class Abbreviations {

    private final Map<String, String> expansions = new HashMap<>();
    private final int longest;
    /** Keys ending in an Ethiopic syllable, by {@link #rowKey}: ም/ቤቱ is read as ም/ቤት with its last vowel. */
    private final Map<String, String> byRow = new HashMap<>();
    private final List<String> prefixes = new ArrayList<>();

    Abbreviations(NormalizerProfile profile) {
        if (profile.has(Flag.EXPAND_CONTRACTIONS)) {
            expansions.putAll(profile.contractions());
        }
        if (profile.has(Flag.EXPAND_ABBREVIATIONS)) {
            expansions.putAll(profile.abbreviations());
        }
        longest = AmharicNormalizer.longestKey(expansions);
        for (String key : expansions.keySet()) {
            String row = rowKey(key);
            if (row != null) {
                byRow.merge(row, key, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        prefixes.add("");
        prefixes.addAll(profile.attachedPrefixes());
    }

    /**
     * {@code key} with its last letter replaced by the first-order letter of its row (ቱ -> ተ), or
     * null when it does not end in an Ethiopic syllable.
     */
    static String rowKey(String key) {
        char last = key.charAt(key.length() - 1);
        if (!Ethiopic.isSyllable(last)) {
            return null;
        }
        return key.substring(0, key.length() - 1) + Ethiopic.firstOfRow(last);
    }

    /** The longest match at the cursor, written and read past; false (nothing read) when none starts there. */
    boolean expand(TextCursor c, SpokenOutput out) {
        if (expansions.isEmpty()) {
            return false;
        }
        String bestPrefix = null;
        String bestKey = null;
        String bestText = null;
        for (String prefix : prefixes) {
            if (!c.startsWith(prefix, c.i)) {
                continue;
            }
            int from = c.i + prefix.length();
            for (int len = Math.min(longest, c.n - from); len > 0; len--) {
                String text = c.substring(from, from + len);
                String key = expansions.containsKey(text) ? text : variantKey(text);
                if (key != null) {
                    if (bestKey == null || prefix.length() + len > bestPrefix.length() + bestText.length()) {
                        bestPrefix = prefix;
                        bestKey = key;
                        bestText = text;
                    }
                    break;
                }
            }
        }
        if (bestKey == null) {
            return false;
        }
        out.word(bestPrefix + withWrittenVowel(bestKey, bestText));
        c.i += bestPrefix.length() + bestText.length();
        if (bestKey.endsWith("/") && c.letterAt(c.i)) {
            out.boundary(); // ገ/ማርያም -> ገብረ ማርያም
        }
        return true;
    }

    /** The expansion of {@code key}, its last letter given the vowel of {@code written}'s last letter when the row allows. */
    private String withWrittenVowel(String key, String written) {
        String expansion = expansions.get(key);
        char vowel = written.charAt(written.length() - 1);
        char last = expansion.charAt(expansion.length() - 1);
        if (vowel != key.charAt(key.length() - 1) && Ethiopic.sameRow(last, vowel)) {
            return expansion.substring(0, expansion.length() - 1) + vowel; // ም/ቤቱ -> ምክር ቤቱ
        }
        return expansion;
    }

    /** The key {@code text} is a vowel variant of (ም/ቤቱ of ም/ቤት), when the expansion can take that vowel. */
    private String variantKey(String text) {
        String row = rowKey(text);
        String key = row == null ? null : byRow.get(row);
        if (key == null) {
            return null;
        }
        String expansion = expansions.get(key);
        return Ethiopic.sameRow(expansion.charAt(expansion.length() - 1), text.charAt(text.length() - 1)) ? key : null;
    }
}
