package dev.fidel.text;

import dev.fidel.text.NormalizerProfile.Flag;
import java.util.BitSet;

/**
 * One pass over a sanitized text, handing each position to the rule that reads it: a space is a word boundary; at a
 * word start an abbreviation or contraction ({@link Abbreviations}); digits, signed or not ({@link DigitReading});
 * Ethiopic numerals ({@link EthiopicNumeralReading}); a currency before its amount ({@link UnitsAndCurrencies}) or a
 * mark ({@link Punctuation}); anything else is copied as written.
 */
final class Reading {

    private final boolean readEthiopicNumerals;
    private final Abbreviations abbreviations;
    private final UnitsAndCurrencies unitsAndCurrencies;
    private final Punctuation punctuation;
    private final DigitReading digits;
    private final EthiopicNumeralReading numerals;
    /** The characters a currency or punctuation key starts with: a quick test before any look-up. */
    private final BitSet markStarts = new BitSet();

    Reading(NormalizerProfile profile) {
        NumberSpeller speller = new NumberSpeller(profile.numbers());
        readEthiopicNumerals = profile.has(Flag.READ_ETHIOPIC_NUMERALS);
        abbreviations = new Abbreviations(profile);
        unitsAndCurrencies = new UnitsAndCurrencies(profile);
        punctuation = new Punctuation(profile);
        digits = new DigitReading(speller, profile.numbers(), unitsAndCurrencies);
        numerals = new EthiopicNumeralReading(speller, profile.numbers(), unitsAndCurrencies);
        profile.currencies().keySet().forEach(k -> markStarts.set(k.charAt(0)));
        profile.punctuation().keySet().forEach(k -> markStarts.set(k.charAt(0)));
    }

    /** The reading of {@code s}, which holds only plain spaces and ASCII digits ({@link TextCleanup#sanitize}). */
    String read(String s) {
        TextCursor c = new TextCursor(s);
        SpokenOutput out = new SpokenOutput(s.length() + 16);
        while (!c.atEnd()) {
            int cp = s.codePointAt(c.i);
            if (cp == ' ') {
                out.boundary();
                c.i++;
            } else if (c.atWordStart(c.i) && abbreviations.expand(c, out)) {
                continue;
            } else if (TextCursor.isDigit(cp)) {
                digits.read(c, out, DigitReading.Sign.NONE, null);
            } else if ((cp == '-' || cp == '\u2212') && c.digitAt(c.i + 1) && !c.previousIsLetterOrDigit(c.i)) {
                c.i++;
                digits.read(c, out, DigitReading.Sign.MINUS, null);
            } else if (cp == '+' && c.digitAt(c.i + 1) && !c.previousIsLetterOrDigit(c.i)) {
                c.i++;
                digits.read(c, out, DigitReading.Sign.PLUS, null);
            } else if (Ethiopic.isNumeral(cp) && readEthiopicNumerals) {
                numerals.read(c, out);
            } else if (markStarts.get(s.charAt(c.i)) && (unitsAndCurrencies.before(c, out, digits) || punctuation.read(c, out))) {
                continue;
            } else {
                out.copy(cp);
                c.i += Character.charCount(cp);
            }
        }
        return out.toString();
    }
}
