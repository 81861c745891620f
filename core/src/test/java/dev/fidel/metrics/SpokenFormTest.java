package dev.fidel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpokenFormTest {

    private final ErrorRates normalized = new ErrorRates(new AmharicNormalizer(NormalizerProfile.amharic()));

    /** A listener that writes the Ethiopic syllables U+1200..U+135A and nothing else (no punctuation, no Latin). */
    private final ErrorRates rates = normalized.spoken(c -> c >= 0x1200 && c <= 0x135A);

    @Test
    void aTranscriptEqualToTheReferenceUpToPunctuationScoresZero() {
        String reference = "ወላጆች ለልጆቻቸው ይጨነቃሉ። ሰላም፣ ነው፤ አዎ፥ እንዲህ፦ ምን? እሺ! ቡና.";
        String heard = "ወላጆች ለልጆቻቸው ይጨነቃሉ ሰላም ነው አዎ እንዲህ ምን እሺ ቡና";
        assertEquals(0, rates.characters(reference, heard).edits());
        assertEquals(0, rates.words(reference, heard).edits());
        // The whole normalized text would charge the listener for every mark it cannot write.
        assertEquals(8, normalized.characters(reference, heard).edits(), normalized.canonical(reference));
    }

    @Test
    void aMarkBetweenWordsStillSeparatesThem() {
        assertEquals("ሰላም ነው", rates.canonical("ሰላም።ነው"));
        assertEquals("ሰላም ነው", rates.canonical("  ሰላም ። ነው ። "));
        assertEquals("", rates.canonical("።።"));
    }

    @Test
    void charactersOutsideTheInventoryAreLeftOutOfBothSidesAndListedWithWhy() {
        SpokenForm form = rates.spokenForm();
        String text = "ቡና ABC ጠጣ። ሰላም፣";
        assertEquals("ቡና ጠጣ ሰላም", rates.canonical(text));
        assertEquals(0, rates.characters(text, "ቡና ጠጣ ሰላም").edits());
        Map<String, Integer> dropped = form.dropped(text);
        assertEquals(Map.of("A", 1, "B", 1, "C", 1, "።", 1, "፣", 1), dropped);
        assertEquals(SpokenForm.OUTSIDE_INVENTORY, form.reason('A'));
        assertEquals(SpokenForm.PUNCTUATION, form.reason('።'));
        assertNull(form.reason('ቡ'));
        assertNull(form.reason(' '));
        // Every Ethiopic punctuation mark is punctuation whatever the inventory.
        Set<Integer> ethiopicMarks = "፡።፣፤፥፦፧፨".codePoints().boxed().collect(Collectors.toSet());
        SpokenForm everything = new SpokenForm(SpokenForm.ANY);
        for (int c : ethiopicMarks) {
            assertEquals(SpokenForm.PUNCTUATION, everything.reason(c), Character.toString(c));
        }
    }

    @Test
    void theCerIgnoringSpacesForgivesWordsBrokenApart() {
        // The slow voice's typical error: the words are right, the boundaries are not.
        String reference = "ወላጆች ለልጆቻቸው።";
        String heard = "ወለ ጆች ለልጆ ቻ ቸው";
        EditScore withSpaces = rates.characters(reference, heard);
        EditScore withoutSpaces = rates.charactersIgnoringSpaces(reference, heard);
        assertEquals(new EditScore(4, 11), withSpaces);
        assertEquals(new EditScore(1, 10), withoutSpaces, "only ላ -> ለ is left");
    }
}
