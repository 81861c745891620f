package dev.fidel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRatesTest {

    private final ErrorRates rates = new ErrorRates(new AmharicNormalizer(NormalizerProfile.amharic()));

    @Test
    void levenshteinCountsSubstitutionsInsertionsAndDeletions() {
        assertEquals(3, Levenshtein.distance("kitten".codePoints().toArray(), "sitting".codePoints().toArray()));
        assertEquals(0, Levenshtein.distance(new int[0], new int[0]));
        assertEquals(4, Levenshtein.distance(new int[0], "ሰላም ".codePoints().toArray()));
        assertEquals(1, Levenshtein.distance(List.of("a", "b", "c"), List.of("a", "c")));
    }

    @Test
    void characterErrorRateCountsEthiopicSyllablesAndSpaces() {
        // One syllable wrong (ው -> ዉ) out of 6 code points, the space included.
        EditScore cer = rates.characters("ሰላም ነው", "ሰላም ነዉ");
        assertEquals(new EditScore(1, 6), cer);
        assertEquals(1.0 / 6, cer.rate(), 1e-12);
        // A dropped space is one edit; the word error rate sees two words become one.
        assertEquals(new EditScore(1, 6), rates.characters("ሰላም ነው", "ሰላምነው"));
        assertEquals(new EditScore(2, 2), rates.words("ሰላም ነው", "ሰላምነው"));
    }

    @Test
    void whiteSpaceIsNormalizedBeforeScoring() {
        assertEquals(new EditScore(0, 6), rates.characters("  ሰላም \t ነው ", "ሰላም ነው"));
        assertEquals(new EditScore(0, 2), rates.words("ሰላም   ነው", " ሰላም ነው"));
    }

    @Test
    void overallRateIsTotalEditsOverTotalReferenceLength() {
        EditScore total = rates.characters("ሰላም", "ሰላም").plus(rates.characters("ነው", "ነ")).plus(rates.characters("አዎ", "ኧረ"));
        assertEquals(new EditScore(3, 7), total);
        assertEquals(3.0 / 7, total.rate(), 1e-12);
    }

    @Test
    void emptyReferenceScoresOnePerInsertedCharacter() {
        assertEquals(0.0, rates.characters("", "").rate());
        assertEquals(2.0, rates.characters("", "ሰላ").rate());
    }
}
