package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.gate.GateRequest.RecognizerKind;
import org.junit.jupiter.api.Test;

class EnumParameterTest {

    @Test
    void anyCaseAndSurroundingSpacesName() throws FidelException {
        assertEquals(NormalizerDrift.REPORT, EnumParameter.parse(NormalizerDrift.class, "report", "normalizerDrift", "p"));
        assertEquals(NormalizerDrift.FAIL, EnumParameter.parse(NormalizerDrift.class, " Fail\n", "normalizerDrift", "p"));
        assertEquals(RecognizerKind.WHISPER, EnumParameter.parse(RecognizerKind.class, "WHISPER", "recognizer", "p"));
    }

    @Test
    void anythingElseListsTheAllowedValuesAndNamesTheElementAndProperty() {
        FidelException e = assertThrows(FidelException.class,
                () -> EnumParameter.parse(RecognizerKind.class, "vosk", "recognizer", FidelProperties.RECOGNIZER));
        assertEquals("<recognizer> 'vosk' is not one of builtin, whisper (any case); -Dfidel.recognizer=...", e.getMessage());
        assertEquals("recognizer", e.setting());
    }

    @Test
    void anEmptyOrMissingValueIsRefusedNotTakenAsTheFirstConstant() {
        assertThrows(FidelException.class, () -> EnumParameter.parse(NormalizerDrift.class, "", "normalizerDrift", null));
        FidelException e = assertThrows(FidelException.class, () -> EnumParameter.parse(NormalizerDrift.class, null, "normalizerDrift", null));
        assertEquals("<normalizerDrift> 'null' is not one of fail, report (any case)", e.getMessage());
    }
}
