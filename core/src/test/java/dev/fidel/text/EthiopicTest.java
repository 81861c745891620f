package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one definition of what counts as Ethiopic, checked against Unicode's own script and block data. */
class EthiopicTest {

    @Test
    void anEthiopicLetterIsALetterOfTheEthiopicScriptOverAllOfUnicode() {
        List<String> differ = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            boolean byScript = Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.ETHIOPIC;
            if (Ethiopic.isLetter(cp) != byScript) {
                differ.add("U+" + Integer.toHexString(cp).toUpperCase());
            }
        }
        assertEquals(List.of(), differ, "Ethiopic.isLetter and the ETHIOPIC script disagree");
    }

    @Test
    void theBlocksAreUnicodesEthiopicBlocks() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
            boolean named = block != null && block.toString().startsWith("ETHIOPIC");
            if (block != null && named != Ethiopic.isInAnyBlock(cp)) {
                throw new AssertionError("U+" + Integer.toHexString(cp).toUpperCase() + " in " + block + ": isInAnyBlock says "
                        + Ethiopic.isInAnyBlock(cp));
            }
        }
        assertTrue(Ethiopic.isInAnyBlock(0x1E7E0), "Extended-B (Unicode 14) counts even where this JDK does not know it");
    }

    @Test
    void syllablesPunctuationAndNumeralsArePartsOfTheBasicBlock() {
        assertTrue(Ethiopic.isSyllable('ሀ') && Ethiopic.isSyllable('ፚ'));
        assertFalse(Ethiopic.isSyllable('፡') || Ethiopic.isSyllable('፩') || Ethiopic.isSyllable('ᎀ'), "not syllables");
        assertTrue(Ethiopic.isLetter('ᎀ'), "a letter of the Supplement is an Ethiopic letter");
        assertTrue(Ethiopic.isPunctuation('።') && Ethiopic.isPunctuation('፡') && !Ethiopic.isPunctuation('ሀ'));
        assertTrue(Ethiopic.isNumeral('፩') && Ethiopic.isNumeral('፼') && !Ethiopic.isNumeral('1'));
        assertFalse(Ethiopic.isLetter('።') || Ethiopic.isLetter('፲'), "punctuation and numerals are not letters");
    }

    @Test
    void rowsAreTheSevenOrdersOfOneConsonant() {
        assertTrue(Ethiopic.sameRow('ተ', 'ቱ'));
        assertFalse(Ethiopic.sameRow('ቤ', 'ቱ'));
        assertEquals('ተ', Ethiopic.firstOfRow('ቶ'));
        assertEquals("ም/ቤተ", Abbreviations.rowKey("ም/ቤቱ"));
        assertEquals(null, Abbreviations.rowKey("ዓ.ም."));
    }

    @Test
    void theBasicBlockIsWhatAVocabularyMustCover() {
        String block = Ethiopic.basicBlock();
        assertTrue(block.indexOf('ሀ') >= 0 && block.indexOf('፼') >= 0 && block.indexOf('።') >= 0);
        assertTrue(block.codePoints().allMatch(cp -> cp >= 0x1200 && cp <= 0x137F && Character.isDefined(cp)));
        assertEquals(block.length(), block.codePoints().distinct().count());
    }
}
