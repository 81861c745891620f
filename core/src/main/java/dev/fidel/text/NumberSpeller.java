package dev.fidel.text;

/**
 * Reads integers as Amharic words by the {@link NumberWords} of a profile: 21 is {@code ሃያ አንድ},
 * 1995 is {@code አንድ ሺህ ዘጠኝ መቶ ዘጠና አምስት}, 3rd is {@code ሶስተኛ}. Integers beyond the largest
 * scale word (10^15 with the built-in profile) are read digit by digit.
 */
public final class NumberSpeller {

    private final NumberWords words;
    private final long maxCardinal;

    public NumberSpeller(NumberWords words) {
        this.words = words;
        this.maxCardinal = words.maxCardinal();
    }

    /** The cardinal reading of {@code n} (0 <= n <= the largest cardinal; larger is read digit by digit). */
    public String cardinal(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative: " + n);
        }
        if (n > maxCardinal) {
            return digits(Long.toString(n));
        }
        if (n == 0) {
            return words.ones().get(0);
        }
        StringBuilder out = new StringBuilder();
        long scale = 1;
        int scaleIndex = 0;
        while (scale <= n / 1000) {
            scale *= 1000;
            scaleIndex++;
        }
        // From the highest group of three digits down: "<group> <scale word>".
        for (; scaleIndex >= 0; scaleIndex--, scale /= 1000) {
            int group = (int) (n / scale % 1000);
            if (group == 0) {
                continue;
            }
            append(out, belowThousand(group));
            if (scaleIndex > 0) {
                append(out, words.scales().get(scaleIndex - 1));
            }
        }
        return out.toString();
    }

    /** The reading of a string of ASCII digits: as a cardinal when it fits, else digit by digit. */
    public String integer(CharSequence digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        int significant = digits.length() - start;
        if (significant <= 18) {
            long value = Long.parseLong(digits, start, digits.length(), 10);
            if (value <= maxCardinal) {
                return cardinal(value);
            }
        }
        return digits(digits);
    }

    /** The ordinal reading of a cardinal reading: its last word takes its ordinal form. */
    public String ordinal(String cardinalReading) {
        int space = cardinalReading.lastIndexOf(' ');
        String last = cardinalReading.substring(space + 1);
        String ordinal = words.ordinals().getOrDefault(last, last + "ኛ");
        return cardinalReading.substring(0, space + 1) + ordinal;
    }

    /** Reads each ASCII digit on its own: "0911" is {@code ዜሮ ዘጠኝ አንድ አንድ}. */
    public String digits(CharSequence digits) {
        StringBuilder out = new StringBuilder(digits.length() * 6);
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c >= '0' && c <= '9') {
                append(out, words.ones().get(c - '0'));
            }
        }
        return out.toString();
    }

    private String belowThousand(int n) {
        StringBuilder out = new StringBuilder();
        int hundreds = n / 100;
        int rest = n % 100;
        if (hundreds > 0) {
            if (hundreds > 1 || words.oneBeforeHundred()) {
                append(out, words.ones().get(hundreds));
            }
            append(out, words.hundred());
        }
        if (rest >= 11 && rest <= 19) {
            append(out, words.teenPrefix());
            append(out, words.ones().get(rest % 10));
        } else if (rest > 0) {
            if (rest >= 10) {
                append(out, words.tens().get(rest / 10));
            }
            if (rest % 10 > 0) {
                append(out, words.ones().get(rest % 10));
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String word) {
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append(word);
    }
}
