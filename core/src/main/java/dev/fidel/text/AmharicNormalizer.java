package dev.fidel.text;

import dev.fidel.text.NormalizerProfile.Flag;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns written Amharic into the text a speaker reads aloud, by the rules of one
 * {@link NormalizerProfile}: abbreviations and contractions expanded, numbers (Arabic digits and
 * Ethiopic numerals) read as Amharic words, punctuation mapped to one normalized symbol each,
 * whitespace collapsed. Total (never throws, whatever the input), idempotent, output in NFC and
 * free of ASCII digits.
 *
 * <p>Readings of digits, in order of precedence: a leading {@code +}, or a leading 0 (0911) is read
 * digit by digit, and so are three or more groups joined by hyphens (0911-23-45-67) unless they look
 * like a date (22-11-2015, read group by group); commas group thousands (1,000,000); one dot between
 * digits is a decimal point (3.14 is {@code ሶስት ነጥብ አንድ አራት}); a hyphen between two numbers is
 * a range ({@code እስከ}); a small proper fraction is read with an ordinal (3/4 is ሶስት አራተኛ); other separators (3:30, 1/2, 1.2.3) read each group as a number. A number
 * followed by {@code ኛ} is an ordinal (3ኛው is ሶስተኛው), one after a minus sign at the start of a
 * word is negative. Integers of more than 15 digits are read digit by digit. Units and currencies
 * after a number are expanded; a currency written before it is read after it ($5 is አምስት ዶላር).
 */
public final class AmharicNormalizer {

    private final NormalizerProfile profile;
    private final NumberSpeller speller;
    private final Map<String, String> expansions = new HashMap<>();
    private final int longestExpansion;
    /** Keys ending in an Ethiopic syllable, by {@link #rowKey}: ም/ቤቱ is read as ም/ቤት with its last vowel. */
    private final Map<String, String> expansionsByRow = new HashMap<>();
    private final List<String> prefixes = new ArrayList<>();
    private final Map<String, String> unitsAndCurrencies = new HashMap<>();
    private final int longestAfterNumber;
    private final int longestCurrency;
    private final int longestPunctuation;
    /** The characters a currency or punctuation key starts with: a quick test before any look-up. */
    private final BitSet markStarts = new BitSet();
    private final Map<Integer, String> homophones = new HashMap<>();

    public AmharicNormalizer(NormalizerProfile profile) {
        this.profile = profile;
        this.speller = new NumberSpeller(profile.numbers());
        if (profile.has(Flag.EXPAND_CONTRACTIONS)) {
            expansions.putAll(profile.contractions());
        }
        if (profile.has(Flag.EXPAND_ABBREVIATIONS)) {
            expansions.putAll(profile.abbreviations());
        }
        longestExpansion = longest(expansions);
        for (String key : expansions.keySet()) {
            String row = rowKey(key);
            if (row != null) {
                expansionsByRow.merge(row, key, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        prefixes.add("");
        prefixes.addAll(profile.attachedPrefixes());
        unitsAndCurrencies.putAll(profile.currencies());
        unitsAndCurrencies.putAll(profile.units());
        longestAfterNumber = longest(unitsAndCurrencies);
        longestCurrency = longest(profile.currencies());
        longestPunctuation = longest(profile.punctuation());
        profile.currencies().keySet().forEach(k -> markStarts.set(k.charAt(0)));
        profile.punctuation().keySet().forEach(k -> markStarts.set(k.charAt(0)));
        if (profile.has(Flag.FOLD_HOMOPHONES)) {
            profile.homophones().forEach((k, v) -> homophones.put(k.codePointAt(0), v));
        }
    }

    /**
     * {@code key} with its last letter replaced by the first-order letter of its row (ቱ -> ተ), or
     * null when it does not end in an Ethiopic syllable.
     */
    static String rowKey(String key) {
        char last = key.charAt(key.length() - 1);
        if (last < 0x1200 || last > 0x135A || !Character.isLetter(last)) {
            return null;
        }
        return key.substring(0, key.length() - 1) + (char) (0x1200 + (last - 0x1200) / 8 * 8);
    }

    private static boolean sameRow(char a, char b) {
        return a >= 0x1200 && a <= 0x135A && b >= 0x1200 && b <= 0x135A && (a - 0x1200) / 8 == (b - 0x1200) / 8;
    }

    private static int longest(Map<String, String> map) {
        return map.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    public NormalizerProfile profile() {
        return profile;
    }

    /** The spoken form of {@code text}; null reads as the empty text. */
    public String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String clean = Normalizer.normalize(sanitize(text), Normalizer.Form.NFC);
        String read = new Run(clean).read();
        return finish(read);
    }

    /**
     * Drops unpaired surrogates and format characters (ZWJ, BOM, soft hyphen), turns controls and
     * every kind of space into a plain space, digits of other scripts into ASCII digits and the
     * apostrophe look-alikes (’ ʼ) into {@code '}.
     */
    private static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int cp;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(i + 1));
                i += 2;
            } else {
                cp = c;
                i++;
                if (Character.isSurrogate(c)) {
                    continue;
                }
            }
            int type = Character.getType(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL) {
                out.append(' ');
            } else if (type == Character.FORMAT) {
                continue;
            } else if (type == Character.DECIMAL_DIGIT_NUMBER && (cp < '0' || cp > '9')) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else if (cp == '\u2019' || cp == '\u02BC') {
                out.append('\'');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Folds homophones (when on), composes to NFC, collapses and trims spaces. */
    private String finish(String read) {
        String folded = read;
        if (!homophones.isEmpty()) {
            StringBuilder out = new StringBuilder(read.length());
            read.codePoints().forEach(cp -> {
                String to = homophones.get(cp);
                if (to == null) {
                    out.appendCodePoint(cp);
                } else {
                    out.append(to);
                }
            });
            folded = out.toString();
        }
        String nfc = Normalizer.normalize(folded, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (c == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' ')) {
                continue;
            }
            out.append(c);
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }

    static boolean isLetterOrMark(int cp) {
        if (Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    static boolean isEthiopicLetter(int cp) {
        return Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.ETHIOPIC;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** One pass over one text; the input has only plain spaces and ASCII digits. */
    private final class Run {
        private final String s;
        private final int n;
        private final StringBuilder out;
        private int i;
        /** A space is due before the next word (after a symbol such as ።). */
        private boolean pendingSpace;
        /** The last thing written was a number's reading. */
        private boolean afterNumber;

        Run(String s) {
            this.s = s;
            this.n = s.length();
            this.out = new StringBuilder(s.length() + 16);
        }

        String read() {
            while (i < n) {
                int cp = s.codePointAt(i);
                if (cp == ' ') {
                    boundary();
                    i++;
                } else if (atWordStart(i) && expansion()) {
                    continue;
                } else if (isDigit(cp)) {
                    number(false, false, null);
                } else if ((cp == '-' || cp == '\u2212') && digitAt(i + 1) && !previousIsLetterOrDigit(i)) {
                    i++;
                    number(true, false, null);
                } else if (cp == '+' && digitAt(i + 1) && !previousIsLetterOrDigit(i)) {
                    i++;
                    number(false, true, null);
                } else if (EthiopicNumerals.isNumeral(cp) && profile.has(Flag.READ_ETHIOPIC_NUMERALS)) {
                    ethiopicNumber();
                } else if (markStarts.get(s.charAt(i)) && (currency() || punctuation())) {
                    continue;
                } else {
                    copy(cp);
                    i += Character.charCount(cp);
                }
            }
            return out.toString();
        }

        // ---- writing

        private void boundary() {
            if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
            pendingSpace = false;
            afterNumber = false;
        }

        private void word(String w) {
            if (pendingSpace || afterNumber) {
                boundary();
            }
            out.append(w);
            afterNumber = false;
        }

        /** A unit or currency read after its number: what follows is spaced as after a number. */
        private void numberWord(String w) {
            word(w);
            afterNumber = true;
        }

        private void separateWord(String w) {
            boundary();
            out.append(w);
            boundary();
        }

        private void symbol(String sym) {
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == ' ') {
                end--;
            }
            out.setLength(end);
            if (!endsWith(out, sym)) {
                out.append(sym);
            }
            pendingSpace = true;
            afterNumber = false;
        }

        private void copy(int cp) {
            if (pendingSpace || (afterNumber && Character.isLetter(cp) && !isEthiopicLetter(cp))) {
                boundary();
            }
            out.appendCodePoint(cp);
            pendingSpace = false;
            afterNumber = false;
        }

        private void numberReading(String reading) {
            if (pendingSpace || afterNumber) {
                boundary();
            } else if (out.length() > 0) {
                int last = out.codePointBefore(out.length());
                if (last != ' ' && !isEthiopicLetter(last)) {
                    boundary(); // "COVID19" -> "COVID አስራ ዘጠኝ"; "በ2015" stays attached
                }
            }
            out.append(reading);
            afterNumber = true;
        }

        // ---- reading

        private boolean atWordStart(int at) {
            return at == 0 || !isLetterOrMark(s.codePointBefore(at));
        }

        private boolean digitAt(int at) {
            return at < n && isDigit(s.charAt(at));
        }

        private boolean previousIsLetterOrDigit(int at) {
            if (at == 0) {
                return false;
            }
            int prev = s.codePointBefore(at);
            return isLetterOrMark(prev) || isDigit(prev);
        }

        private boolean letterAt(int at) {
            return at >= 0 && at < n && isLetterOrMark(s.codePointAt(at));
        }

        private boolean letterBefore(int at) {
            return at > 0 && isLetterOrMark(s.codePointBefore(at));
        }

        /** An abbreviation or contraction here, possibly behind an attached preposition (በዶ/ር). */
        private boolean expansion() {
            if (expansions.isEmpty()) {
                return false;
            }
            String bestPrefix = null;
            String bestKey = null;
            String bestText = null;
            for (String prefix : prefixes) {
                if (!s.startsWith(prefix, i)) {
                    continue;
                }
                int from = i + prefix.length();
                for (int len = Math.min(longestExpansion, n - from); len > 0; len--) {
                    String text = s.substring(from, from + len);
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
            String expansion = expansions.get(bestKey);
            char written = bestText.charAt(bestText.length() - 1);
            char last = expansion.charAt(expansion.length() - 1);
            if (written != bestKey.charAt(bestKey.length() - 1) && sameRow(last, written)) {
                expansion = expansion.substring(0, expansion.length() - 1) + written; // ም/ቤቱ -> ምክር ቤቱ
            }
            word(bestPrefix + expansion);
            i += bestPrefix.length() + bestText.length();
            if (bestKey.endsWith("/") && letterAt(i)) {
                boundary(); // ገ/ማርያም -> ገብረ ማርያም
            }
            return true;
        }

        /** The key {@code text} is a vowel variant of (ም/ቤቱ of ም/ቤት), when the expansion can take that vowel. */
        private String variantKey(String text) {
            String row = rowKey(text);
            String key = row == null ? null : expansionsByRow.get(row);
            if (key == null) {
                return null;
            }
            String expansion = expansions.get(key);
            return sameRow(expansion.charAt(expansion.length() - 1), text.charAt(text.length() - 1)) ? key : null;
        }

        /** A currency sign or word written before an amount ($5, ብር 500), or a lone currency sign. */
        private boolean currency() {
            for (int len = Math.min(longestCurrency, n - i); len > 0; len--) {
                String key = s.substring(i, i + len);
                String name = profile.currencies().get(key);
                if (name == null) {
                    continue;
                }
                boolean isWord = key.codePoints().anyMatch(Character::isLetter);
                if (isWord && (!atWordStart(i) || letterAt(i + len))) {
                    continue;
                }
                int j = i + len;
                while (j < n && s.charAt(j) == ' ') {
                    j++;
                }
                if (digitAt(j)) {
                    i = j;
                    number(false, false, name);
                    return true;
                }
                if (!isWord) {
                    separateWord(name);
                    i += len;
                    return true;
                }
            }
            return false;
        }

        private boolean punctuation() {
            Map<String, String> marks = profile.punctuation();
            for (int len = Math.min(longestPunctuation, n - i); len > 0; len--) {
                String key = s.substring(i, i + len);
                String to = marks.get(key);
                if (to == null) {
                    continue;
                }
                boolean betweenLetters = letterBefore(i) && letterAt(i + len);
                if ((key.equals(".") || key.equals(":")) && betweenLetters) {
                    boundary(); // ሀ.ለ (an abbreviation not in the profile), ሰላም:እንዴት (':' typed for ፡)
                } else if (to.isEmpty()) {
                    if (!betweenLetters) {
                        boundary();
                    } // else: an elision mark inside a word (የ'ኔ -> የኔ)
                } else if (to.isBlank()) {
                    boundary();
                } else if (to.codePoints().anyMatch(Character::isLetter)) {
                    separateWord(to.strip());
                } else {
                    symbol(to.strip());
                }
                i += len;
                return true;
            }
            return false;
        }

        /** Digits at {@code i} (after a sign already consumed): see the class comment for the readings. */
        private void number(boolean negative, boolean plus, String currencyBefore) {
            List<String> parts = new ArrayList<>();
            List<Character> seps = new ArrayList<>();
            StringBuilder first = new StringBuilder();
            i = run(i, first);
            boolean grouped = false;
            while (i + 1 < n && ",.-/:".indexOf(s.charAt(i)) >= 0 && isDigit(s.charAt(i + 1))) {
                char sep = s.charAt(i);
                int end = i + 1;
                while (end < n && isDigit(s.charAt(end))) {
                    end++;
                }
                if (sep == ',') {
                    boolean groupOfThree = end - (i + 1) == 3 && parts.isEmpty() && (grouped || first.length() <= 3);
                    if (!groupOfThree) {
                        break;
                    }
                    first.append(s, i + 1, end);
                    grouped = true;
                } else {
                    if (parts.isEmpty()) {
                        parts.add(first.toString());
                    }
                    seps.add(sep);
                    parts.add(s.substring(i + 1, end));
                }
                i = end;
            }
            if (parts.isEmpty()) {
                parts.add(first.toString());
            }
            String reading = read(parts, seps, plus, grouped);
            boolean ordinal = parts.size() == 1 && !plus && !reading.isEmpty() && i < n && s.charAt(i) == 'ኛ'
                    && !(parts.get(0).length() > 1 && parts.get(0).charAt(0) == '0');
            if (ordinal) {
                reading = speller.ordinal(reading);
                i++;
            }
            if (negative) {
                reading = profile.numbers().minus() + " " + reading;
            }
            numberReading(reading);
            if (!ordinal) {
                unitAfterNumber();
            }
            if (currencyBefore != null) {
                numberWord(currencyBefore);
            }
        }

        private int run(int from, StringBuilder digits) {
            int end = from;
            while (end < n && isDigit(s.charAt(end))) {
                end++;
            }
            digits.append(s, from, end);
            return end;
        }

        private String read(List<String> parts, List<Character> seps, boolean plus, boolean grouped) {
            if (plus) {
                return speller.digits(String.join("", parts));
            }
            if (parts.size() == 3 && seps.get(0).equals(seps.get(1)) && seps.get(0) != ':' && looksLikeDate(parts)) {
                return readEach(parts);
            }
            String head = parts.get(0);
            if (!grouped && head.length() > 1 && head.charAt(0) == '0') {
                return speller.digits(String.join("", parts));
            }
            if (parts.size() >= 3 && seps.stream().allMatch(c -> c == '-')) {
                return speller.digits(String.join("", parts));
            }
            if (parts.size() == 2 && seps.get(0) == '.') {
                return speller.integer(head) + " " + profile.numbers().point() + " " + speller.digits(parts.get(1));
            }
            if (parts.size() == 2 && seps.get(0) == '/' && isFraction(head, parts.get(1))) {
                return speller.integer(head) + " " + speller.ordinal(speller.integer(parts.get(1)));
            }
            if (parts.size() == 2 && seps.get(0) == '-') {
                return speller.integer(head) + " " + profile.numbers().range() + " " + speller.integer(parts.get(1));
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
        private boolean isFraction(String numerator, String denominator) {
            if (numerator.length() > 2 || denominator.length() > 3) {
                return false;
            }
            int top = Integer.parseInt(numerator);
            int bottom = Integer.parseInt(denominator);
            return top > 0 && bottom > 1 && top < bottom;
        }

        private boolean looksLikeDate(List<String> parts) {
            int a = parts.get(0).length();
            int b = parts.get(1).length();
            int c = parts.get(2).length();
            return (a <= 2 && b <= 2 && (c == 2 || c == 4)) || (a == 4 && b <= 2 && c <= 2);
        }

        private void ethiopicNumber() {
            int start = i;
            while (i < n && EthiopicNumerals.isNumeral(s.charAt(i))) {
                i++;
            }
            String numerals = s.substring(start, i);
            long value = EthiopicNumerals.parse(numerals);
            String reading;
            if (value == EthiopicNumerals.TOO_LARGE || value > profile.numbers().maxCardinal()) {
                // Beyond the scale words: each numeral on its own.
                StringBuilder each = new StringBuilder();
                numerals.chars().forEach(c -> {
                    if (each.length() > 0) {
                        each.append(' ');
                    }
                    each.append(speller.cardinal(EthiopicNumerals.valueOf(c)));
                });
                reading = each.toString();
            } else {
                reading = speller.cardinal(value);
            }
            boolean ordinal = i < n && s.charAt(i) == 'ኛ';
            if (ordinal) {
                reading = speller.ordinal(reading);
                i++;
            }
            numberReading(reading);
            if (!ordinal) {
                unitAfterNumber();
            }
        }

        /** A unit or currency right after a number, maybe after spaces: 5 ኪ.ሜ, 20%, 100 birr. */
        private void unitAfterNumber() {
            int j = i;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            for (int len = Math.min(longestAfterNumber, n - j); len > 0; len--) {
                String key = s.substring(j, j + len);
                String words = unitsAndCurrencies.get(key);
                if (words != null && !(isLetterOrMark(key.codePointBefore(len)) && letterAt(j + len))) {
                    numberWord(words);
                    i = j + len;
                    return;
                }
            }
        }
    }

    private static boolean endsWith(StringBuilder out, String suffix) {
        int from = out.length() - suffix.length();
        return from >= 0 && out.indexOf(suffix, from) == from;
    }
}
