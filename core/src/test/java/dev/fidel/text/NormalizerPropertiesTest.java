package dev.fidel.text;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.lists;
import static dev.fidel.PropertyCheck.magnitudes;
import static dev.fidel.PropertyCheck.strings;
import static dev.fidel.PropertyCheck.stringsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.Trials;
import dev.fidel.text.NormalizerProfile.Flag;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normalizer's invariants, over any text and over generated Amharic with numbers and marks. */
class NormalizerPropertiesTest {

    private static final NormalizerProfile PROFILE = NormalizerProfile.amharic();
    private static final AmharicNormalizer NORMALIZER = new AmharicNormalizer(PROFILE);
    private static final AmharicNormalizer FOLDING = new AmharicNormalizer(PROFILE.with(Flag.FOLD_HOMOPHONES, true));

    @Test
    void invariantsHoldForAnyText() {
        forAll(1500, anyText(), text -> checkInvariants(NORMALIZER, text));
    }

    @Test
    void invariantsHoldForAmharicWithNumbersAndMarks() {
        forAll(1500, amharicText(), text -> {
            checkInvariants(NORMALIZER, text);
            checkInvariants(FOLDING, text);
        });
    }

    @Test
    void invariantsHoldWhenAmharicAndNoiseAreMixed() {
        forAll(300, amharicText().and(anyText()).and(ANY.integers(0, 200)).trials(), c -> {
            String text = c._1();
            int cut = Math.min(c._3(), text.length());
            checkInvariants(NORMALIZER, text.substring(0, cut) + c._2() + text.substring(cut));
        });
    }

    @Test
    void generatedAmharicIsReadWithoutLeftoverMarks() {
        forAll(300, amharicText(), text -> {
            String spoken = NORMALIZER.normalize(text);
            assertFalse(spoken.contains("/"), () -> "a slash survived in \"" + spoken + "\" from \"" + text + "\"");
            assertFalse(spoken.contains("."), () -> "a dot survived in \"" + spoken + "\" from \"" + text + "\"");
            assertFalse(spoken.contains("'"), () -> "an apostrophe survived in \"" + spoken + "\" from \"" + text + "\"");
            assertFalse(spoken.contains("፡"), () -> "a wordspace survived in \"" + spoken + "\" from \"" + text + "\"");
        });
    }

    static void checkInvariants(AmharicNormalizer normalizer, String text) {
        String once = normalizer.normalize(text);
        assertEquals(once, normalizer.normalize(once), () -> "not idempotent on \"" + escape(text) + "\" -> \"" + escape(once) + "\"");
        assertTrue(once.chars().noneMatch(c -> c >= '0' && c <= '9'), () -> "ASCII digit left in \"" + once + "\"");
        assertTrue(Normalizer.isNormalized(once, Normalizer.Form.NFC), () -> "not NFC: \"" + escape(once) + "\"");
        assertEquals(once.strip(), once, "not trimmed");
        assertFalse(once.contains("  "), "spaces not collapsed");
        assertTrue(once.codePoints().noneMatch(c -> c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c))),
                () -> "whitespace other than a plain space in \"" + escape(once) + "\"");
        assertTrue(once.chars().noneMatch(c -> Character.isSurrogate((char) c)) || isWellFormed(once), "unpaired surrogate in output");
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c)
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Any characters at all (unpaired surrogates and controls included), tricky marks and digits, or Ethiopic with dots and digits. */
    static Trials<String> anyText() {
        Trials<String> allChars = strings(ANY.characters(), 0, 60);
        Trials<String> tricky = stringsOf("0123456789٣०.,-/:'’%$+ ፡።፣፤፥፦፧፨፩፪፲፻፼ኛ\u0301\u200D\uFEFF\uD800\uDC00\u0000\t\nዶርወሮ", 0, 40);
        Trials<String> ethiopic = strings(ANY.alternate(ANY.characters('\u1200', '\u139F'), ANY.choose(' ', '.', '/', '0', '1', '2', '3',
                '4', '5', '6', '7', '8', '9')), 0, 40);
        return ANY.alternate(allChars, tricky, ethiopic);
    }

    /** One to twelve tokens (words, abbreviations, numbers in every written form, Ethiopic numerals, marks, Latin) with separators. */
    static Trials<String> amharicText() {
        Trials<String> token = ANY.alternate(amharicWords(), abbreviations(), numbers(), ethiopicNumerals(), marks(), latinWords());
        Trials<String> separator = ANY.choose(" ", " ", " ", "", "  ", "\n", "፡");
        return lists(token.and(separator).trials().map(t -> t._1() + t._2()), 1, 12).map(parts -> String.join("", parts));
    }

    private static Trials<String> amharicWords() {
        return ANY.choose("ሰላም", "ኢትዮጵያ", "መጽሐፍት", "በ", "የ", "ከ", "ለ", "ነው", "አበበ", "ሐበሻ", "ሠላሳ", "ዐይን", "ፀሐይ", "ቤቱ", "ኛው",
                "ተማሪዎች", "ብር", "ዓመት", "ክፍል", "ው");
    }

    private static Trials<String> abbreviations() {
        List<String> keys = new ArrayList<>(PROFILE.abbreviations().keySet());
        keys.addAll(PROFILE.contractions().keySet());
        keys.addAll(PROFILE.units().keySet());
        keys.addAll(PROFILE.currencies().keySet());
        keys.add("ም/ቤቱ");
        keys.add("ሀ.ለ");
        return ANY.choose(keys);
    }

    private static Trials<String> numbers() {
        Trials<String> digits14 = stringsOf("0123456789", 1, 4);
        Trials<String> plain = magnitudes(0, Long.MAX_VALUE).map(String::valueOf);
        Trials<String> small = ANY.integers(0, 3000, 0).map(Object::toString);
        Trials<String> grouped = ANY.longs(1000, 999_999_999_999L, 1000).map(v -> String.format("%,d", v));
        Trials<String> decimal = small.and(digits14).trials().map(t -> t._1() + "." + t._2());
        Trials<String> decorated = ANY.choose("", "-", "+", "$", "በ", "ብር ").and(small)
                .and(ANY.choose("", "ኛ", "ኛው", "%", " ኪ.ሜ", "kg", " birr", "-5", ":30", "/2", "ዓ.ም")).trials()
                .map(t -> t._1() + t._2() + t._3());
        Trials<String> phone = stringsOf("0123456789", 2, 10).map(d -> "0" + d);
        Trials<String> huge = stringsOf("0123456789", 15, 40);
        Trials<String> separated = lists(digits14, 2, 5).and(ANY.choose("-", "/", ".", ":", ",")).trials()
                .map(t -> String.join(t._2(), t._1()));
        return ANY.alternate(plain, small, grouped, decimal, decorated, phone, huge, separated);
    }

    private static Trials<String> ethiopicNumerals() {
        return strings(ANY.characters('\u1369', '\u137C'), 1, 8).and(ANY.choose("", "ኛ", "ኛው", " ዓ.ም")).trials()
                .map(t -> t._1() + t._2());
    }

    private static Trials<String> marks() {
        List<String> keys = new ArrayList<>(PROFILE.punctuation().keySet());
        keys.addAll(List.of("፡፡", "....", "?!", "“", "”", "’", "\u200D"));
        return ANY.choose(keys);
    }

    private static Trials<String> latinWords() {
        return ANY.choose("Hello", "COVID", "iPhone", "e.g.", "men", "m", "USD", "km/h", "A4", "x");
    }
}
