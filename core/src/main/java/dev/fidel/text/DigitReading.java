package dev.fidel.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers written in digits, read as Amharic words. In order of precedence: after a {@code +}, or with a leading 0
 * (0911) digit by digit, and so are three or more groups joined by hyphens (0911-23-45-67) unless they look like a
 * date (22-11-2015, read group by group); commas group thousands (1,000,000); one dot between digits is a decimal
 * point (3.14 is {@code ሶስት ነጥብ አንድ አራት}); a hyphen between two numbers is a range ({@code እስከ}); a small
 * proper fraction is read with an ordinal (3/4 is ሶስት አራተኛ); other separators (3:30, 1/2, 1.2.3) read each group
 * as a number. A number followed by {@code ኛ} is an ordinal (3ኛው is ሶስተኛው); a unit or currency after it is read
 * after its words.
 */
final class DigitReading {

    /** The sign written before the digits (already read past). */
    enum Sign {
        NONE, MINUS, PLUS
    }

    /** The digit groups of one number and the separators between them. */
    private record Groups(List<String> parts, List<Character> seps, boolean grouped) {
    }

    private final NumberSpeller speller;
    private final NumberWords words;
    private final UnitsAndCurrencies units;

    DigitReading(NumberSpeller speller, NumberWords words, UnitsAndCurrencies units) {
        this.speller = speller;
        this.words = words;
        this.units = units;
    }

    /** The number whose digits start at the cursor, written with its unit (or {@code currencyBefore}) and read past. */
    void read(TextCursor c, SpokenOutput out, Sign sign, String currencyBefore) {
        Groups g = groups(c);
        boolean plus = sign == Sign.PLUS;
        String reading = reading(g, plus);
        List<String> parts = g.parts();
        boolean ordinal = parts.size() == 1 && !plus && !reading.isEmpty() && c.i < c.n && c.charAt(c.i) == 'ኛ'
                && !(parts.get(0).length() > 1 && parts.get(0).charAt(0) == '0');
        if (ordinal) {
            reading = speller.ordinal(reading);
            c.i++;
        }
        if (sign == Sign.MINUS) {
            reading = words.minus() + " " + reading;
        }
        out.numberReading(reading);
        if (!ordinal) {
            units.after(c, out);
        }
        if (currencyBefore != null) {
            out.numberWord(currencyBefore);
        }
    }

    /** Reads the digit groups at the cursor: thousands joined by commas, other groups kept with their separators. */
    private static Groups groups(TextCursor c) {
        List<String> parts = new ArrayList<>();
        List<Character> seps = new ArrayList<>();
        StringBuilder first = new StringBuilder();
        int firstEnd = c.digitsEnd(c.i);
        first.append(c.s, c.i, firstEnd);
        c.i = firstEnd;
        boolean grouped = false;
        while (c.i + 1 < c.n && ",.-/:".indexOf(c.charAt(c.i)) >= 0 && TextCursor.isDigit(c.charAt(c.i + 1))) {
            char sep = c.charAt(c.i);
            int end = c.digitsEnd(c.i + 1);
            if (sep == ',') {
                boolean groupOfThree = end - (c.i + 1) == 3 && parts.isEmpty() && (grouped || first.length() <= 3);
                if (!groupOfThree) {
                    break;
                }
                first.append(c.s, c.i + 1, end);
                grouped = true;
            } else {
                if (parts.isEmpty()) {
                    parts.add(first.toString());
                }
                seps.add(sep);
                parts.add(c.substring(c.i + 1, end));
            }
            c.i = end;
        }
        if (parts.isEmpty()) {
            parts.add(first.toString());
        }
        return new Groups(parts, seps, grouped);
    }

    private String reading(Groups g, boolean plus) {
        List<String> parts = g.parts();
        List<Character> seps = g.seps();
        if (plus) {
            return speller.digits(String.join("", parts));
        }
        if (parts.size() == 3 && seps.get(0).equals(seps.get(1)) && seps.get(0) != ':' && looksLikeDate(parts)) {
            return readEach(parts);
        }
        String head = parts.get(0);
        if (!g.grouped() && head.length() > 1 && head.charAt(0) == '0') {
            return speller.digits(String.join("", parts));
        }
        if (parts.size() >= 3 && seps.stream().allMatch(s -> s == '-')) {
            return speller.digits(String.join("", parts));
        }
        if (parts.size() == 2 && seps.get(0) == '.') {
            return speller.integer(head) + " " + words.point() + " " + speller.digits(parts.get(1));
        }
        if (parts.size() == 2 && seps.get(0) == '/' && isFraction(head, parts.get(1))) {
            return speller.integer(head) + " " + speller.ordinal(speller.integer(parts.get(1)));
        }
        if (parts.size() == 2 && seps.get(0) == '-') {
            return speller.integer(head) + " " + words.range() + " " + speller.integer(parts.get(1));
        }
        return readEach(parts);
    }

    private String readEach(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(speller.integer(part));
        }
        return out.toString();
    }

    /** 3/4 is read "three fourths" (ሶስት አራተኛ); 2015/16 is not a fraction. */
    private static boolean isFraction(String numerator, String denominator) {
        if (numerator.length() > 2 || denominator.length() > 3) {
            return false;
        }
        int top = Integer.parseInt(numerator);
        int bottom = Integer.parseInt(denominator);
        return top > 0 && bottom > 1 && top < bottom;
    }

    private static boolean looksLikeDate(List<String> parts) {
        int a = parts.get(0).length();
        int b = parts.get(1).length();
        int c = parts.get(2).length();
        return (a <= 2 && b <= 2 && (c == 2 || c == 4)) || (a == 4 && b <= 2 && c <= 2);
    }
}
