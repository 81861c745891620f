package dev.fidel.gate;

import static dev.fidel.recognition.TestSplits.MEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizerConfig;
import dev.fidel.recognition.CtcTrainingConfig;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.recognition.TestSplits;
import dev.fidel.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's real-speech check of the built-in recognizer: the figures the gate relies on, and the listener report. */
class RealSpeechScoringTest {

    @Test
    void theHeldOutFiguresAreTheGatesScoringOfTheRealRecordingsKeptWithTheListenerReport(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        RecognizerCache.Settings settings = new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1),
                new CtcTrainingConfig(4, 2e-3f, 2, 6, 60, 5f, 1, TempoPerturbation.defaults()), 0);
        ErrorRates rates = new ErrorRates(s -> s);
        RealSpeechScoring scoring = new RealSpeechScoring(rates, settings.training().tempo(), EventSink.NONE);
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), EventSink.NONE);
        RecognizerCache.Result<RealSpeechScoring.HeldOut> first = cache.obtain(data, MEL, "profile", scoring, scoring, settings, 100, false);
        Figures again;
        try {
            // The same figures as the gate's own scoring of the held-out recordings (val, then test) with this recognizer.
            java.util.List<Recording> heldOut = new java.util.ArrayList<>(Recording.read(data.resolve("val.jsonl"), MEL.sampleRate(), 0));
            heldOut.addAll(Recording.read(data.resolve("test.jsonl"), MEL.sampleRate(), 0));
            again = new RoundTrip(first.recognizer(), rates).score(heldOut, s -> s, MEL.sampleRate());
        } finally {
            first.recognizer().close();
        }
        assertTrue(first.trained());
        assertEquals(4, first.heldOut().figures().sentences(), "val and test recordings");
        assertEquals(again, first.heldOut().figures());
        // The listener's own report beside it: held-out figures overall and per speaker, and how it was trained.
        Path folder = dir.resolve("recognizer");
        ListenerReport listener = Json.read(folder.resolve(ListenerReport.FILE_NAME), ListenerReport.class);
        assertEquals(first.heldOut().figures(), listener.heldOut());
        assertEquals(Set.of("speaker-a", "speaker-b"), listener.perSpeaker().keySet());
        assertEquals(2, listener.perSpeaker().get("speaker-a").sentences());
        assertEquals(TempoPerturbation.defaults(), listener.tempo());
        assertEquals(6, listener.training().steps());
        assertEquals(first.heldOut().figures(), Json.read(folder.resolve(RealSpeechScoring.HELD_OUT_FILE), Figures.class));

        // Reused: the figures read back are the ones measured.
        RecognizerCache.Result<RealSpeechScoring.HeldOut> second = cache.obtain(data, MEL, "profile", scoring, scoring, settings, 100, false);
        second.recognizer().close();
        assertFalse(second.trained());
        assertEquals(first.heldOut().figures(), second.heldOut().figures());
        assertNull(second.heldOut().report());
        assertTrue(Files.isRegularFile(folder.resolve(ListenerReport.FILE_NAME)));
    }
}
