package dev.fidel.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * What of a text can be spoken and heard: punctuation and symbols (። ፣ ፤ ፥ ፦ ! ? . , …) and every character outside the
 * listener's inventory are left out, runs of white space become one space. Both reference and transcript are scored in
 * this form, so no voice is charged for a character the listener cannot write.
 */
public final class SpokenForm {

    /** Why a character is left out. */
    public static final String PUNCTUATION = "punctuation or symbol: not spoken";
    public static final String OUTSIDE_INVENTORY = "not in the listener's inventory: it cannot write it";

    /** Every character the listener can write (no inventory: all of them). */
    public static final IntPredicate ANY = c -> true;

    private final IntPredicate inventory;

    public SpokenForm(IntPredicate inventory) {
        this.inventory = inventory;
    }

    /** {@code text} (already normalized) in spoken form: kept characters only, white space collapsed and trimmed. */
    public String of(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int c : text.codePoints().toArray()) {
            if (Character.isWhitespace(c) || reason(c) != null) {
                // A dropped mark between words still separates them ("ነው።ሰላም" reads as two words).
                space = space || sb.length() > 0 && (Character.isWhitespace(c) || isPunctuation(c));
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.appendCodePoint(c);
        }
        return sb.toString();
    }

    /** Why {@code codePoint} is left out of the spoken form (null: it is kept). White space is never "left out". */
    public String reason(int codePoint) {
        if (Character.isWhitespace(codePoint)) {
            return null;
        }
        if (isPunctuation(codePoint)) {
            return PUNCTUATION;
        }
        return inventory.test(codePoint) ? null : OUTSIDE_INVENTORY;
    }

    /** The characters of {@code text} left out, each with how often. */
    public Map<String, Integer> dropped(String text) {
        Map<String, Integer> out = new TreeMap<>();
        text.codePoints().filter(c -> reason(c) != null).forEach(c -> out.merge(Character.toString(c), 1, Integer::sum));
        return out;
    }

    static boolean isPunctuation(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
