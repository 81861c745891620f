package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.text.NormalizerProfile.Flag;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The normalizer's invariants, over any text and over generated Amharic with numbers and marks. */
class NormalizerPropertiesTest {

    private static final NormalizerProfile PROFILE = NormalizerProfile.amharic();
    private static final AmharicNormalizer NORMALIZER = new AmharicNormalizer(PROFILE);
    private static final AmharicNormalizer FOLDING = new AmharicNormalizer(PROFILE.with(Flag.FOLD_HOMOPHONES, true));

    @Property(tries = 1500)
    void invariantsHoldForAnyText(@ForAll("anyText") String text) {
        checkInvariants(NORMALIZER, text);
    }

    @Property(tries = 1500)
    void invariantsHoldForAmharicWithNumbersAndMarks(@ForAll("amharicText") String text) {
        checkInvariants(NORMALIZER, text);
        checkInvariants(FOLDING, text);
    }

    @Property(tries = 300)
    void invariantsHoldWhenAmharicAndNoiseAreMixed(@ForAll("amharicText") String text, @ForAll("anyText") String noise,
            @ForAll("positions") int at) {
        int cut = Math.min(at, text.length());
        checkInvariants(NORMALIZER, text.substring(0, cut) + noise + text.substring(cut));
    }

    @Property(tries = 300)
    void generatedAmharicIsReadWithoutLeftoverMarks(@ForAll("amharicText") String text) {
        String spoken = NORMALIZER.normalize(text);
        assertFalse(spoken.contains("/"), () -> "a slash survived in \"" + spoken + "\" from \"" + text + "\"");
        assertFalse(spoken.contains("."), () -> "a dot survived in \"" + spoken + "\" from \"" + text + "\"");
        assertFalse(spoken.contains("'"), () -> "an apostrophe survived in \"" + spoken + "\" from \"" + text + "\"");
        assertFalse(spoken.contains("፡"), () -> "a wordspace survived in \"" + spoken + "\" from \"" + text + "\"");
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

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 200);
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> allChars = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars("0123456789٣०.,-/:'’%$+ ፡።፣፤፥፦፧፨፩፪፲፻፼ኛ\u0301\u200D\uFEFF\uD800\uDC00\u0000\t\nዶርወሮ")
                .ofMaxLength(40);
        Arbitrary<String> ethiopic = Arbitraries.strings().withCharRange('\u1200', '\u139F').withChars(" ./0123456789").ofMaxLength(40);
        return Arbitraries.oneOf(allChars, tricky, ethiopic);
    }

    @Provide
    Arbitrary<String> amharicText() {
        Arbitrary<String> token = Arbitraries.oneOf(amharicWords(), abbreviations(), numbers(), ethiopicNumerals(), marks(),
                latinWords());
        Arbitrary<String> separator = Arbitraries.of(" ", " ", " ", "", "  ", "\n", "፡");
        return Combinators.combine(token.list().ofMinSize(1).ofMaxSize(12), separator.list().ofSize(12)).as((tokens, seps) -> {
            StringBuilder out = new StringBuilder();
            for (int k = 0; k < tokens.size(); k++) {
                out.append(tokens.get(k)).append(seps.get(k));
            }
            return out.toString();
        });
    }

    private Arbitrary<String> amharicWords() {
        return Arbitraries.of("ሰላም", "ኢትዮጵያ", "መጽሐፍት", "በ", "የ", "ከ", "ለ", "ነው", "አበበ", "ሐበሻ", "ሠላሳ", "ዐይን", "ፀሐይ", "ቤቱ", "ኛው",
                "ተማሪዎች", "ብር", "ዓመት", "ክፍል", "ው");
    }

    private Arbitrary<String> abbreviations() {
        List<String> keys = new ArrayList<>(PROFILE.abbreviations().keySet());
        keys.addAll(PROFILE.contractions().keySet());
        keys.addAll(PROFILE.units().keySet());
        keys.addAll(PROFILE.currencies().keySet());
        keys.add("ም/ቤቱ");
        keys.add("ሀ.ለ");
        return Arbitraries.of(keys);
    }

    private Arbitrary<String> numbers() {
        Arbitrary<String> plain = Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf);
        Arbitrary<String> small = Arbitraries.integers().between(0, 3000).map(Object::toString);
        Arbitrary<String> grouped = Arbitraries.longs().between(1000, 999_999_999_999L).map(v -> String.format("%,d", v));
        Arbitrary<String> decimal = Combinators.combine(small, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4))
                .as((a, b) -> a + "." + b);
        Arbitrary<String> decorated = Combinators.combine(Arbitraries.of("", "-", "+", "$", "በ", "ብር "), small,
                Arbitraries.of("", "ኛ", "ኛው", "%", " ኪ.ሜ", "kg", " birr", "-5", ":30", "/2", "ዓ.ም"))
                .as((before, number, after) -> before + number + after);
        Arbitrary<String> phone = Arbitraries.strings().numeric().ofMinLength(2).ofMaxLength(10).map(d -> "0" + d);
        Arbitrary<String> huge = Arbitraries.strings().numeric().ofMinLength(15).ofMaxLength(40);
        Arbitrary<String> separated = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4).list().ofMinSize(2).ofMaxSize(5)
                .flatMap(groups -> Arbitraries.of("-", "/", ".", ":", ",").map(sep -> String.join(sep, groups)));
        return Arbitraries.oneOf(plain, small, grouped, decimal, decorated, phone, huge, separated);
    }

    private Arbitrary<String> ethiopicNumerals() {
        return Arbitraries.strings().withCharRange('\u1369', '\u137C').ofMinLength(1).ofMaxLength(8)
                .flatMap(numerals -> Arbitraries.of("", "ኛ", "ኛው", " ዓ.ም").map(after -> numerals + after));
    }

    private Arbitrary<String> marks() {
        List<String> keys = new ArrayList<>(PROFILE.punctuation().keySet());
        keys.addAll(List.of("፡፡", "....", "?!", "“", "”", "’", "\u200D"));
        return Arbitraries.of(keys);
    }

    private Arbitrary<String> latinWords() {
        return Arbitraries.of("Hello", "COVID", "iPhone", "e.g.", "men", "m", "USD", "km/h", "A4", "x");
    }
}
