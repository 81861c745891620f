package dev.fidel.vocabulary;

/** The Ethiopic block (U+1200..U+137F): the syllabary, its punctuation and numerals. */
public final class Ethiopic {

    private Ethiopic() {
    }

    /** Every assigned character of the Ethiopic block, in code point order. */
    public static String all() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0x1200; c <= 0x137F; c++) {
            if (Character.isDefined(c)) {
                sb.appendCodePoint(c);
            }
        }
        return sb.toString();
    }
}
