package dev.fidel.text;

/**
 * What counts as Ethiopic, in one place. Each question a caller asks has its own named predicate:
 * <ul>
 * <li>{@link #isInAnyBlock}: a code point of any Ethiopic block: Ethiopic (U+1200..U+137F), Ethiopic Supplement
 *     (U+1380..U+139F), Ethiopic Extended (U+2D80..U+2DDF), Extended-A (U+AB00..U+AB2F) and Extended-B
 *     (U+1E7E0..U+1E7FF);
 * <li>{@link #isLetter}: a letter of any of those blocks (what "mostly Ethiopic" and "attached to an Ethiopic word"
 *     count);
 * <li>{@link #isSyllable}: a syllable of the basic block's syllabary (U+1200..U+135A), laid out in rows of eight
 *     orders ({@link #sameRow}, {@link #firstOfRow});
 * <li>{@link #isPunctuation}: the Ethiopic punctuation (U+1360..U+1368: section mark, wordspace ፡, full stop ።, comma
 *     ፣, ...);
 * <li>{@link #isNumeral}: the Ethiopic numerals (U+1369..U+137C, ፩..፼; their values in {@link EthiopicNumerals});
 * <li>{@link #basicBlock}: every assigned character of the basic block, the set a vocabulary must cover.
 * </ul>
 */
public final class Ethiopic {

    private static final int BLOCK_START = 0x1200;
    private static final int BLOCK_END = 0x137F;
    private static final int LAST_SYLLABLE = 0x135A;
    private static final int ROW = 8;

    private Ethiopic() {
    }

    /** A code point of one of the five Ethiopic blocks, assigned or not. */
    public static boolean isInAnyBlock(int cp) {
        return cp >= BLOCK_START && cp <= BLOCK_END || cp >= 0x1380 && cp <= 0x139F || cp >= 0x2D80 && cp <= 0x2DDF
                || cp >= 0xAB00 && cp <= 0xAB2F || cp >= 0x1E7E0 && cp <= 0x1E7FF;
    }

    /** A letter of an Ethiopic block (the syllables of every block; not the punctuation, numerals or marks). */
    public static boolean isLetter(int cp) {
        return isInAnyBlock(cp) && Character.isLetter(cp);
    }

    /** A letter of the basic block's syllabary, U+1200..U+135A, where {@link #sameRow} and {@link #firstOfRow} apply. */
    public static boolean isSyllable(int cp) {
        return cp >= BLOCK_START && cp <= LAST_SYLLABLE && Character.isLetter(cp);
    }

    /** Ethiopic punctuation, U+1360..U+1368. */
    public static boolean isPunctuation(int cp) {
        return cp >= 0x1360 && cp <= 0x1368;
    }

    /** An Ethiopic numeral, U+1369..U+137C. */
    public static boolean isNumeral(int cp) {
        return cp >= 0x1369 && cp <= 0x137C;
    }

    /**
     * Two code points of U+1200..U+135A in the same row of eight (the orders of one consonant: ቤ and ቱ are not, ተ
     * and ቱ are). Unassigned points of the range count by their position.
     */
    public static boolean sameRow(int a, int b) {
        return inSyllableRange(a) && inSyllableRange(b) && (a - BLOCK_START) / ROW == (b - BLOCK_START) / ROW;
    }

    /** The first order of {@code syllable}'s row (ቱ -> ተ); {@code syllable} must be in U+1200..U+135A. */
    public static char firstOfRow(int syllable) {
        return (char) (BLOCK_START + (syllable - BLOCK_START) / ROW * ROW);
    }

    /** Every assigned character of the basic Ethiopic block (U+1200..U+137F), in code point order. */
    public static String basicBlock() {
        StringBuilder sb = new StringBuilder();
        for (int c = BLOCK_START; c <= BLOCK_END; c++) {
            if (Character.isDefined(c)) {
                sb.appendCodePoint(c);
            }
        }
        return sb.toString();
    }

    private static boolean inSyllableRange(int cp) {
        return cp >= BLOCK_START && cp <= LAST_SYLLABLE;
    }
}
