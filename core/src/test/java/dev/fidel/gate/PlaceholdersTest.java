package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command synthesizer's arguments: placeholders expanded once, the form chosen by {wav} or {sentences}. */
class PlaceholdersTest {

    static final Map<String, String> VALUES = Map.of("text", "ሰላም $(touch x) `rm -rf /` ; {wav}", "normalizedText", "ሰላም",
            "textFile", "/tmp/t.txt", "id", "s1", "wav", "/out/audio/s1.wav");

    @Test
    void placeholdersAreReplacedInsideArgumentsAndTheTextIsNeverExpandedAgain() {
        List<String> expanded = Placeholders.expand(List.of("tts", "--text", "{text}", "--out_path={wav}", "{id}-{id}",
                "--file", "{textFile}", "{normalizedText}", "{unknown}", "{}"), VALUES);
        assertEquals(List.of("tts", "--text", "ሰላም $(touch x) `rm -rf /` ; {wav}", "--out_path=/out/audio/s1.wav", "s1-s1",
                "--file", "/tmp/t.txt", "ሰላም", "{unknown}", "{}"), expanded);
    }

    @Test
    void aValueHoldingDollarsOrBackslashesIsCopiedLiterally() {
        assertEquals(List.of("a $1 \\ b"), Placeholders.expand(List.of("{text}"), Map.of("text", "a $1 \\ b")));
    }

    @Test
    void theFormIsChosenByWavOrSentences() throws FidelException {
        assertEquals(Placeholders.Form.PER_SENTENCE, Placeholders.form(List.of("espeak-ng", "-w", "{wav}", "{text}")));
        assertEquals(Placeholders.Form.BATCH, Placeholders.form(List.of("python3", "infer.py", "{sentences}", "{outputDirectory}")));
    }

    @Test
    void argumentsThatCannotWorkAreRefusedNamingTheSynthesizer() {
        for (List<String> bad : List.of(List.of("tts", "{text}"), List.of("tts", "{wav}", "{sentences}"), List.<String>of(),
                List.of(" ", "{wav}"), List.of("tts", "{sentences}", "{text}"))) {
            FidelException e = assertThrows(FidelException.class, () -> Placeholders.form(bad), bad.toString());
            assertEquals("synthesizer", e.setting());
            assertTrue(e.getMessage().contains("<arg>"), e.getMessage());
        }
    }
}
