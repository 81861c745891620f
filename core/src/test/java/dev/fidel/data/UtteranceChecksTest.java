package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.audio.DecodedAudio;
import dev.fidel.audio.TestAudio;
import org.junit.jupiter.api.Test;

class UtteranceChecksTest {

    private static final QualityLimits LIMITS = QualityLimits.defaults();
    private static final String TEXT = "ሰላም ለዓለም እንዴት ነህ"; // 13 spoken characters

    private static DecodedAudio audio(short[] samples) {
        return new DecodedAudio(samples, 22050, 1, 22050, "pcm_s16le");
    }

    private static DecodedAudio tone(double seconds) {
        return audio(TestAudio.tone(seconds, 22050, 200, 0.3));
    }

    private static RejectReason reasonOf(CheckFailure f) {
        return f == null ? null : f.reason();
    }

    @Test
    void aPlausibleUtterancePasses() {
        assertNull(UtteranceChecks.text(TEXT, LIMITS));
        assertNull(UtteranceChecks.audio(tone(2.0), TEXT, LIMITS));
    }

    @Test
    void transcriptChecks() {
        assertEquals(RejectReason.EMPTY_TRANSCRIPT, reasonOf(UtteranceChecks.text("  ። ፣ ", LIMITS)));
        CheckFailure latin = UtteranceChecks.text("Hello world, ሰላም", LIMITS);
        assertEquals(RejectReason.NOT_ETHIOPIC, reasonOf(latin));
        assertTrue(latin.detail().startsWith("23% of the transcript's letters are Ethiopic"), latin.detail());
        assertNull(UtteranceChecks.text("ሰላም ለዓለም CPU", LIMITS), "a Latin word among Amharic ones is fine");
    }

    @Test
    void durationBounds() {
        assertEquals(RejectReason.TOO_SHORT, reasonOf(UtteranceChecks.audio(tone(0.2), "ሰላም", LIMITS)));
        CheckFailure tooLong = UtteranceChecks.audio(tone(21), TEXT, LIMITS);
        assertEquals(RejectReason.TOO_LONG, reasonOf(tooLong));
        assertEquals("21.00 s is longer than maxDuration 20.00 s", tooLong.detail());
    }

    @Test
    void charactersPerSecondCatchATranscriptOfOtherAudio() {
        CheckFailure tooMuchText = UtteranceChecks.audio(tone(0.7), TEXT.repeat(6), LIMITS);
        assertEquals(RejectReason.CHARS_PER_SECOND, reasonOf(tooMuchText));
        assertTrue(tooMuchText.detail().startsWith("78 characters in 0.70 s is 111.4 per second"), tooMuchText.detail());
        assertEquals(RejectReason.CHARS_PER_SECOND, reasonOf(UtteranceChecks.audio(tone(15), "አዎ", LIMITS)));
    }

    @Test
    void clippingAndNearSilence() {
        short[] loud = TestAudio.tone(2.0, 22050, 200, 0.3);
        for (int i = 0; i < loud.length; i += 100) {
            loud[i] = Short.MAX_VALUE;
        }
        assertEquals(RejectReason.CLIPPING, reasonOf(UtteranceChecks.audio(audio(loud), TEXT, LIMITS)));
        assertEquals(RejectReason.NEAR_SILENCE, reasonOf(UtteranceChecks.audio(audio(TestAudio.tone(2.0, 22050, 200, 0.005)), TEXT, LIMITS)));
        assertEquals(RejectReason.NEAR_SILENCE, reasonOf(UtteranceChecks.audio(audio(new short[44100]), TEXT, LIMITS)));
    }

    @Test
    void countsSpokenCharactersAndScript() {
        assertEquals(4, UtteranceChecks.spokenCharacters("ዶ/ር 12"));
        assertEquals(1.0, UtteranceChecks.ethiopicShare("ሰላም።"));
        assertEquals(0.0, UtteranceChecks.ethiopicShare("123"));
    }
}
