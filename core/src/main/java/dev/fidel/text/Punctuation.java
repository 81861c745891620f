package dev.fidel.text;

import java.util.Map;

/**
 * Punctuation mapped by the profile's {@code punctuation} table: to a symbol kept after the word before it (። ?), a word
 * read on its own ("&" -> እና), a word boundary, or nothing (an elision mark inside a word: የ'ኔ -> የኔ).
 */
final class Punctuation {

    private final Map<String, String> marks;
    private final int longest;

    Punctuation(NormalizerProfile profile) {
        this.marks = profile.punctuation();
        this.longest = AmharicNormalizer.longestKey(marks);
    }

    /** The longest mark at the cursor, written and read past; false when none starts there. */
    boolean read(TextCursor c, SpokenOutput out) {
        for (int len = Math.min(longest, c.n - c.i); len > 0; len--) {
            String key = c.substring(c.i, c.i + len);
            String to = marks.get(key);
            if (to == null) {
                continue;
            }
            boolean betweenLetters = c.letterBefore(c.i) && c.letterAt(c.i + len);
            if ((key.equals(".") || key.equals(":")) && betweenLetters) {
                out.boundary(); // ሀ.ለ (an abbreviation not in the profile), ሰላም:እንዴት (':' typed for ፡)
            } else if (to.isEmpty()) {
                if (!betweenLetters) {
                    out.boundary();
                } // else: an elision mark inside a word (የ'ኔ -> የኔ)
            } else if (to.isBlank()) {
                out.boundary();
            } else if (to.codePoints().anyMatch(Character::isLetter)) {
                out.separateWord(to.strip());
            } else {
                out.symbol(to.strip());
            }
            c.i += len;
            return true;
        }
        return false;
    }
}
