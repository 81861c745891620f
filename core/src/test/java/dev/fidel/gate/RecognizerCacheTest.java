package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.WavWriter;
import dev.fidel.data.Utterance;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizerConfig;
import dev.fidel.recognition.CtcTrainingConfig;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecognizerCacheTest {

    static final MelConfig MEL = MelConfig.defaults();

    static void split(Path data, String name, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = i % 2 == 0 ? "ሰላም" : "ቡና";
            double hz = i % 2 == 0 ? 300 : 900;
            short[] pcm = new short[MEL.sampleRate() / 2];
            for (int s = 0; s < pcm.length; s++) {
                pcm[s] = (short) (6000 * Math.sin(2 * Math.PI * hz * s / MEL.sampleRate()));
            }
            String audio = "audio/" + name + i + ".wav";
            WavWriter.write(data.resolve(audio), pcm, MEL.sampleRate());
            lines.add(Json.line(new Utterance(name + i, i % 2 == 0 ? "speaker-a" : "speaker-b", audio, 0.5, text, text)));
        }
        Files.write(data.resolve(name + ".jsonl"), lines);
    }

    @Test
    void trainedOnceThenReusedUntilTheSettingsChange(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/audio")).getParent();
        split(data, "train", 8);
        split(data, "val", 2);
        split(data, "test", 2);
        List<String> log = new ArrayList<>();
        EventSink sink = CollectedEvents.into(log);
        ErrorRates rates = new ErrorRates(s -> s);
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), sink);
        RecognizerCache.Settings settings = new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1),
                new CtcTrainingConfig(4, 2e-3f, 2, 6, 60, 5f, 1, TempoPerturbation.defaults()), 0);
        RecognizerCache.Result first = cache.obtain(data, MEL, "profile", rates, settings, 100, false);
        first.recognizer().close();
        assertTrue(first.trained());
        assertEquals(4, first.heldOut().sentences(), "val and test recordings");
        assertTrue(Files.isRegularFile(dir.resolve("recognizer/" + RecognizerCache.HELD_OUT_FILE)));
        // The listener's own report beside it: held-out figures overall and per speaker, and how it was trained.
        ListenerReport listener = Json.read(dir.resolve("recognizer/" + ListenerReport.FILE_NAME), ListenerReport.class);
        assertEquals(first.heldOut(), listener.heldOut());
        assertEquals(java.util.Set.of("speaker-a", "speaker-b"), listener.perSpeaker().keySet());
        assertEquals(2, listener.perSpeaker().get("speaker-a").sentences());
        assertEquals(TempoPerturbation.defaults(), listener.tempo());
        assertEquals(6, listener.training().steps());

        log.clear();
        RecognizerCache.Result second = cache.obtain(data, MEL, "profile", rates, settings, 100, false);
        second.recognizer().close();
        assertFalse(second.trained());
        assertEquals(first.heldOut(), second.heldOut());
        assertTrue(log.stream().anyMatch(l -> l.contains("up to date")), log.toString());

        log.clear();
        RecognizerCache.Settings longer = new RecognizerCache.Settings(settings.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 7, 60, 5f, 1, TempoPerturbation.defaults()), 0);
        RecognizerCache.Result third = cache.obtain(data, MEL, "profile", rates, longer, 100, false);
        third.recognizer().close();
        assertTrue(third.trained());
        assertTrue(log.stream().anyMatch(l -> l.contains("settings changed")), log.toString());

        // A listener trained without tempo perturbation is never taken for one trained with it, nor the other way round.
        RecognizerCache.Settings unperturbed = new RecognizerCache.Settings(settings.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 7, 60, 5f, 1, TempoPerturbation.NONE), 0);
        log.clear();
        RecognizerCache.Result fourth = cache.obtain(data, MEL, "profile", rates, unperturbed, 100, false);
        fourth.recognizer().close();
        assertTrue(fourth.trained() && log.stream().anyMatch(l -> l.contains("settings changed")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("no tempo perturbation")), log.toString());
        log.clear();
        RecognizerCache.Result fifth = cache.obtain(data, MEL, "profile", rates, longer, 100, false);
        fifth.recognizer().close();
        assertTrue(fifth.trained(), "the unperturbed listener is not reused when perturbation is on");
        assertTrue(log.stream().anyMatch(l -> l.contains("tempo perturbed 0.70-1.20")), log.toString());
    }

    /** Prepared data of 8 training, 2 validation and 2 test recordings. */
    static Path data(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/audio")).getParent();
        split(data, "train", 8);
        split(data, "val", 2);
        split(data, "test", 2);
        return data;
    }

    @Test
    void anUnfitRecognizerIsNeverReused(@TempDir Path dir) throws Exception {
        Path data = data(dir);
        List<String> log = new ArrayList<>();
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), CollectedEvents.into(log));
        RecognizerCache.Settings settings = new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1),
                new CtcTrainingConfig(4, 2e-3f, 2, 6, 60, 5f, 1, TempoPerturbation.defaults()), 0);
        // No recognizer reads real speech with CER below 0: this one is unfit, whatever it learned.
        RecognizerCache.Result first = cache.obtain(data, MEL, "profile", new ErrorRates(s -> s), settings, -1, false);
        first.recognizer().close();
        assertTrue(first.trained());
        assertEquals(6, first.training().steps(), "the step budget ran in full");
        assertFalse(first.training().stoppedByTimeLimit());
        assertTrue(log.stream().anyMatch(l -> l.contains("not kept as up to date")), log.toString());
        RecognizerCache.Result second = cache.obtain(data, MEL, "profile", new ErrorRates(s -> s), settings, 100, false);
        second.recognizer().close();
        assertTrue(second.trained(), "an unfit recognizer is trained again, never loaded from the cache");
    }

    @Test
    void theTimeLimitIsASafetyLimitReportedLoudlyAndNeverCached(@TempDir Path dir) throws Exception {
        Path data = data(dir);
        List<String> log = new ArrayList<>();
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), CollectedEvents.into(log));
        RecognizerCache.Settings starved = new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1),
                new CtcTrainingConfig(4, 2e-3f, 2, 100_000, 1e-9, 5f, 1, TempoPerturbation.defaults()), 0);
        RecognizerCache.Result result = cache.obtain(data, MEL, "profile", new ErrorRates(s -> s), starved, 100, false);
        result.recognizer().close();
        assertTrue(result.training().stoppedByTimeLimit());
        assertTrue(log.stream().anyMatch(l -> l.contains("RECOGNIZER TRAINING CUT SHORT") && l.contains("of 100000 steps")), log.toString());
        assertFalse(Files.exists(dir.resolve("recognizer/" + dev.fidel.util.Fingerprint.FILE_NAME)), "not kept as up to date");
        // The time limit is not part of the recognizer's identity: a fit one trained with another limit is reused.
        RecognizerCache.Settings budget = new RecognizerCache.Settings(starved.network(), new CtcTrainingConfig(4, 2e-3f, 2, 6, 600, 5f, 1, TempoPerturbation.defaults()), 0);
        cache.obtain(data, MEL, "profile", new ErrorRates(s -> s), budget, 100, false).recognizer().close();
        RecognizerCache.Settings longerLimit = new RecognizerCache.Settings(starved.network(), new CtcTrainingConfig(4, 2e-3f, 2, 6, 900, 5f, 1, TempoPerturbation.defaults()), 0);
        RecognizerCache.Result reused = cache.obtain(data, MEL, "profile", new ErrorRates(s -> s), longerLimit, 100, false);
        reused.recognizer().close();
        assertFalse(reused.trained());
    }
}
