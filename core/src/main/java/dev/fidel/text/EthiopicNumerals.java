package dev.fidel.text;

/**
 * The values of Ethiopic numerals (U+1369..U+137C): ፩..፱ are 1..9, ፲..፺ are 10..90, ፻ multiplies
 * what stands before it by 100 (alone it is 100) and ፼ multiplies everything before it by 10,000.
 * So ፲፱፻፺፭ is 1995, ፻ is 100, ፼ is 10,000 and ፻፼ is 1,000,000.
 */
public final class EthiopicNumerals {

    /** What {@link #parse} answers for a run whose value does not fit in a long. */
    public static final long TOO_LARGE = -1;

    private EthiopicNumerals() {
    }

    /** The value of one numeral character on its own: ፭ is 5, ፶ is 50, ፻ is 100, ፼ is 10,000. */
    public static int valueOf(int codePoint) {
        if (codePoint >= 0x1369 && codePoint <= 0x1371) {
            return codePoint - 0x1368;
        }
        if (codePoint >= 0x1372 && codePoint <= 0x137A) {
            return (codePoint - 0x1371) * 10;
        }
        if (codePoint == 0x137B) {
            return 100;
        }
        if (codePoint == 0x137C) {
            return 10_000;
        }
        throw new IllegalArgumentException("not an Ethiopic numeral: U+" + Integer.toHexString(codePoint).toUpperCase());
    }

    /**
     * The value of a run of Ethiopic numerals, or {@link #TOO_LARGE}. Every run has a value: digits
     * and tens add up (፩፩ is 2), ፻ and ፼ multiply as described above.
     */
    public static long parse(CharSequence numerals) {
        try {
            long total = 0; // everything already multiplied by the last ፼
            long group = 0; // hundreds since the last ፼
            long pending = 0; // 1..99 since the last ፻ or ፼
            for (int i = 0; i < numerals.length(); i++) {
                int v = valueOf(numerals.charAt(i));
                if (v < 100) {
                    pending = Math.addExact(pending, v);
                } else if (v == 100) {
                    group = Math.addExact(group, Math.multiplyExact(pending == 0 ? 1 : pending, 100));
                    pending = 0;
                } else {
                    long before = Math.addExact(Math.addExact(total, group), pending);
                    total = Math.multiplyExact(before == 0 ? 1 : before, 10_000);
                    group = 0;
                    pending = 0;
                }
            }
            return Math.addExact(Math.addExact(total, group), pending);
        } catch (ArithmeticException e) {
            return TOO_LARGE;
        }
    }
}
