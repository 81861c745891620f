package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The report marks exactly the characters that differ between what was said and what was heard. */
class CharacterDiffTest {

    @Test
    void aMissedAndAnExtraCharacterAreMarkedAndTheRestIsNot() {
        assertArrayEquals(new String[] {"ሰላ<mark class=miss>ም</mark> ቡና", "ሰላ ቡና<mark class=extra>ው</mark>"},
                CharacterDiff.html("ሰላም ቡና", "ሰላ ቡናው"));
    }

    @Test
    void aMisheardCharacterIsMarkedOnBothSidesAndTextIsEscaped() {
        assertArrayEquals(new String[] {"a<mark class=miss>&lt;</mark>b", "a<mark class=extra>x</mark>b"},
                CharacterDiff.html("a<b", "axb"));
        assertArrayEquals(new String[] {"<mark class=miss>ቡ</mark><mark class=miss>ና</mark>", ""}, CharacterDiff.html("ቡና", ""));
    }
}
