package dev.fidel.text;

import java.util.HashMap;
import java.util.Map;

/**
 * Units and currencies: read after their number (5 ኪ.ሜ -> አምስት ኪሎ ሜትር, 20% -> ሃያ በመቶ, 100 birr), and a currency
 * written before its amount read after it ($5 -> አምስት ዶላር, ብር 500); a lone currency sign is read as its word.
 */
final class UnitsAndCurrencies {

    private final Map<String, String> currencies;
    private final Map<String, String> afterNumber = new HashMap<>();
    private final int longestAfterNumber;
    private final int longestCurrency;

    UnitsAndCurrencies(NormalizerProfile profile) {
        this.currencies = profile.currencies();
        afterNumber.putAll(profile.currencies());
        afterNumber.putAll(profile.units());
        longestAfterNumber = AmharicNormalizer.longestKey(afterNumber);
        longestCurrency = AmharicNormalizer.longestKey(currencies);
    }

    /**
     * A currency sign or word written before an amount ($5, ብር 500), read with its amount by {@code numbers}, or a lone
     * currency sign read as a word; false (nothing read) when no currency starts at the cursor.
     */
    boolean before(TextCursor c, SpokenOutput out, DigitReading numbers) {
        for (int len = Math.min(longestCurrency, c.n - c.i); len > 0; len--) {
            String key = c.substring(c.i, c.i + len);
            String name = currencies.get(key);
            if (name == null) {
                continue;
            }
            boolean isWord = key.codePoints().anyMatch(Character::isLetter);
            if (isWord && (!c.atWordStart(c.i) || c.letterAt(c.i + len))) {
                continue;
            }
            int j = c.skipSpaces(c.i + len);
            if (c.digitAt(j)) {
                c.i = j;
                numbers.read(c, out, DigitReading.Sign.NONE, name);
                return true;
            }
            if (!isWord) {
                out.separateWord(name);
                c.i += len;
                return true;
            }
        }
        return false;
    }

    /** A unit or currency right after a number, maybe after spaces, written and read past. */
    void after(TextCursor c, SpokenOutput out) {
        int j = c.skipSpaces(c.i);
        for (int len = Math.min(longestAfterNumber, c.n - j); len > 0; len--) {
            String key = c.substring(j, j + len);
            String words = afterNumber.get(key);
            if (words != null && !(TextCursor.isLetterOrMark(key.codePointBefore(len)) && c.letterAt(j + len))) {
                out.numberWord(words);
                c.i = j + len;
                return;
            }
        }
    }
}
