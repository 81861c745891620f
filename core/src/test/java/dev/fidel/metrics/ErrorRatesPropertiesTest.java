package dev.fidel.metrics;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.strings;
import static dev.fidel.PropertyCheck.stringsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sageserpent.americium.java.Trials;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import org.junit.jupiter.api.Test;

/**
 * Scoring a reference normalized once (a {@code SpokenText}) gives exactly the scores of normalizing it at every
 * rate, as the gate did before it carried the normalized form: the three rates and both canonical texts.
 */
class ErrorRatesPropertiesTest {

    private static final AmharicNormalizer NORMALIZER = new AmharicNormalizer(NormalizerProfile.amharic());
    private static final ErrorRates RATES = new ErrorRates(NORMALIZER);
    /** The spoken form of a listener that writes Ethiopic syllables only. */
    private static final ErrorRates SPOKEN = RATES.spoken(cp -> cp >= 0x1200 && cp <= 0x135A);

    static Trials<String> texts() {
        return ANY.alternate(strings(ANY.characters('\u1200', '\u137F'), 0, 30),
                stringsOf("ሰላምለዓለምዶ/ር 0123456789.,-/:%$።፣፡ \t\u00A0abc፲፻", 0, 40), strings(ANY.characters(), 0, 20));
    }

    @Test
    void aReferenceNormalizedOnceScoresAsOneNormalizedAtEveryRate() {
        forAll(300, texts().and(texts()).trials(), c -> {
            for (ErrorRates rates : new ErrorRates[] {RATES, SPOKEN}) {
                String reference = c._1();
                String hypothesis = c._2();
                ErrorRates.Scores once = rates.score(NORMALIZER.spoken(reference), hypothesis);
                assertEquals(rates.characters(reference, hypothesis), once.characters(), reference);
                assertEquals(rates.words(reference, hypothesis), once.words(), reference);
                assertEquals(rates.charactersIgnoringSpaces(reference, hypothesis), once.charactersIgnoringSpaces(), reference);
                assertEquals(rates.canonical(reference), once.reference(), reference);
                assertEquals(rates.canonical(hypothesis), once.hypothesis(), hypothesis);
                assertEquals(once, rates.score(reference, hypothesis));
            }
        });
    }
}
