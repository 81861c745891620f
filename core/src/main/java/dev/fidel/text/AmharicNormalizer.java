package dev.fidel.text;

import java.util.Map;

/**
 * Turns written Amharic into the text a speaker reads aloud, by the rules of one
 * {@link NormalizerProfile}: abbreviations and contractions expanded, numbers (Arabic digits and
 * Ethiopic numerals) read as Amharic words, punctuation mapped to one normalized symbol each,
 * whitespace collapsed. Total (never throws, whatever the input), idempotent, output in NFC and
 * free of ASCII digits. The one normalizer of Fidel: each concern is a class of its own behind it
 * ({@link TextCleanup}, {@link Abbreviations}, {@link DigitReading}, {@link EthiopicNumeralReading},
 * {@link UnitsAndCurrencies}, {@link Punctuation}, put together by {@link Reading}).
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
    private final TextCleanup cleanup;
    private final Reading reading;

    public AmharicNormalizer(NormalizerProfile profile) {
        this.profile = profile;
        this.cleanup = new TextCleanup(profile);
        this.reading = new Reading(profile);
    }

    public NormalizerProfile profile() {
        return profile;
    }

    /** The spoken form of {@code text}; null reads as the empty text. */
    public String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return cleanup.finish(reading.read(TextCleanup.sanitize(text)));
    }

    /** {@code written} with its spoken form: normalized here, once, and carried from then on. */
    public SpokenText spoken(String written) {
        return new SpokenText(written, normalize(written));
    }

    static int longestKey(Map<String, String> map) {
        return map.keySet().stream().mapToInt(String::length).max().orElse(0);
    }
}
