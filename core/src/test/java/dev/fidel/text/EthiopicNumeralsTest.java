package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Our Ethiopic numeral reading against ICU4J's {@code %ethiopic} rule set as the reference. */
class EthiopicNumeralsTest {

    private static final RuleBasedNumberFormat ICU = new RuleBasedNumberFormat(ULocale.forLanguageTag("am"),
            RuleBasedNumberFormat.NUMBERING_SYSTEM);

    @Test
    void icuHasTheEthiopicRuleSet() {
        assertTrue(Arrays.asList(ICU.getRuleSetNames()).contains("%ethiopic"), Arrays.toString(ICU.getRuleSetNames()));
        assertEquals("፲፱፻፺፭", ICU.format(1995, "%ethiopic"));
    }

    @Test
    void parsesEveryIcuNumeralFromOneToOneHundredThousand() {
        for (long n = 1; n <= 100_000; n++) {
            String numerals = ICU.format(n, "%ethiopic");
            assertEquals(n, EthiopicNumerals.parse(numerals), numerals);
        }
    }

    @Test
    void parsesLargeIcuNumerals() {
        for (long n : new long[] {1_000_000, 1_010_000, 12_345_678, 100_000_000, 123_456_789_012L, 999_999_999_999_999L}) {
            String numerals = ICU.format(n, "%ethiopic");
            assertEquals(n, EthiopicNumerals.parse(numerals), numerals);
        }
    }

    @Test
    void normalizerReadsIcuNumeralsAsTheirCardinal() {
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        NumberSpeller speller = new NumberSpeller(NormalizerProfile.amharic().numbers());
        for (long n = 1; n <= 100_000; n += 7) {
            assertEquals(speller.cardinal(n), normalizer.normalize(ICU.format(n, "%ethiopic")), "reading of " + n);
        }
    }

    @Test
    void runsTooLargeForALongAreReadNumeralByNumeral() {
        String huge = "፼".repeat(10);
        assertEquals(EthiopicNumerals.TOO_LARGE, EthiopicNumerals.parse(huge));
        String spoken = new AmharicNormalizer(NormalizerProfile.amharic()).normalize(huge);
        assertEquals(String.join(" ", java.util.Collections.nCopies(10, "አስር ሺህ")), spoken);
    }
}
