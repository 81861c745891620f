package dev.fidel.text;

import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.magnitudes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every cardinal reading names exactly its number: read back by an independent word parser. */
class NumberSpellerTest {

    private static final NumberWords WORDS = NormalizerProfile.amharic().numbers();
    private static final NumberSpeller SPELLER = new NumberSpeller(WORDS);

    @Test
    void cardinalsReadBackToTheirValue() {
        forAll(3000, magnitudes(0, 999_999_999_999_999L),
                n -> assertEquals(n, valueOf(SPELLER.cardinal(n)), () -> n + " read as " + SPELLER.cardinal(n)));
    }

    @Test
    void smallCardinalsReadBackToTheirValue() {
        forAll(1000, magnitudes(0, 1_000_000), n -> assertEquals(n, valueOf(SPELLER.cardinal(n))));
    }

    @Test
    void ordinalsChangeOnlyTheLastWord() {
        forAll(300, magnitudes(1, 999_999_999_999L), n -> {
            String cardinal = SPELLER.cardinal(n);
            String ordinal = SPELLER.ordinal(cardinal);
            int cut = cardinal.lastIndexOf(' ') + 1;
            assertEquals(cardinal.substring(0, cut), ordinal.substring(0, cut));
            assertEquals(WORDS.ordinals().get(cardinal.substring(cut)), ordinal.substring(cut));
        });
    }

    /** Parses a cardinal reading back, knowing nothing of how it was made. */
    static long valueOf(String reading) {
        List<String> ones = WORDS.ones();
        List<String> tens = WORDS.tens();
        long total = 0;
        long small = 0;
        for (String word : reading.split(" ")) {
            if (ones.contains(word)) {
                small += ones.indexOf(word);
            } else if (tens.indexOf(word) > 0) {
                small += 10L * tens.indexOf(word);
            } else if (word.equals(WORDS.teenPrefix())) {
                small += 10;
            } else if (word.equals(WORDS.hundred())) {
                small = (small == 0 ? 1 : small) * 100;
            } else if (WORDS.scales().contains(word)) {
                long scale = (long) Math.pow(1000, WORDS.scales().indexOf(word) + 1);
                total += (small == 0 ? 1 : small) * scale;
                small = 0;
            } else {
                throw new IllegalArgumentException("not a number word: " + word + " in " + reading);
            }
        }
        return total + small;
    }
}
