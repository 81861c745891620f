package dev.fidel.recognition;

import static dev.fidel.recognition.TestSplits.MEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.data.Utterance;
import dev.fidel.event.CollectedEvents;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in recognizer's cache with a real-speech check that finds the CER the test gives it: whether a recognizer is
 * reused depends on its inputs, its settings and whether its recorded CER passed, never on how the caller scores.
 */
class RecognizerCacheTest {

    private static final RecognizerCache.Settings SETTINGS = new RecognizerCache.Settings(new CtcRecognizerConfig(16, 3, 16, 1),
            new CtcTrainingConfig(4, 2e-3f, 2, 6, 60, 5f, 1, TempoPerturbation.defaults()), 0);

    /** What {@link FixedCheck} found: the CER it was told, and the held-out recordings it was given. */
    record Found(@JsonProperty("cer") double cer, @JsonProperty("recordings") int recordings) implements RecognizerCache.RealSpeechFigures {
    }

    /** Reads the splits' recordings and "measures" the CER it is set to, counting its measurements. */
    static final class FixedCheck implements RecognizerCache.TrainingClips, RecognizerCache.RealSpeechCheck<Found> {
        double cer;
        String scoring = "fixed";
        int measured;

        FixedCheck(double cer) {
            this.cer = cer;
        }

        @Override
        public List<LabelledMel> read(Path splitFile, MelConfig melConfig) throws FidelException {
            List<LabelledMel> out = new ArrayList<>();
            MelSpectrogram spectrogram = new MelSpectrogram(melConfig);
            List<float[]> clips = samples(splitFile, melConfig.sampleRate());
            List<Utterance> utterances = utterances(splitFile);
            for (int i = 0; i < clips.size(); i++) {
                out.add(new LabelledMel(utterances.get(i).id(), spectrogram.compute(clips.get(i)), utterances.get(i).normalizedText()));
            }
            return out;
        }

        static List<Utterance> utterances(Path splitFile) throws FidelException {
            List<Utterance> out = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(splitFile)) {
                    out.add(Json.LINE.readValue(line, Utterance.class));
                }
            } catch (Exception e) {
                throw new FidelException(splitFile + ": " + e.getMessage(), e);
            }
            return out;
        }

        /** The split's recordings in [-1, 1] at {@code sampleRate}. */
        static List<float[]> samples(Path splitFile, int sampleRate) throws FidelException {
            List<float[]> out = new ArrayList<>();
            try {
                for (Utterance u : utterances(splitFile)) {
                    short[] pcm = new AudioDecoder(sampleRate).decode(splitFile.resolveSibling(u.audio())).samples();
                    float[] samples = new float[pcm.length];
                    for (int i = 0; i < pcm.length; i++) {
                        samples[i] = pcm[i] / 32768f;
                    }
                    out.add(samples);
                }
            } catch (Exception e) {
                throw new FidelException(splitFile + ": " + e.getMessage(), e);
            }
            return out;
        }

        @Override
        public String scoring() {
            return scoring;
        }

        @Override
        public List<String> files() {
            return List.of("found.json");
        }

        @Override
        public Found measure(CtcRecognizer recognizer, CtcTrainingReport training, List<Path> heldOutFiles, int limit)
                throws FidelException {
            measured++;
            int recordings = 0;
            for (Path file : heldOutFiles) {
                recordings += samples(file, recognizer.melConfig().sampleRate()).size();
            }
            return new Found(cer, recordings);
        }

        @Override
        public void write(Found figures, Path directory) throws IOException {
            Json.write(directory.resolve("found.json"), figures);
        }

        @Override
        public Found recorded(Path directory) throws FidelException {
            try {
                return Json.read(directory.resolve("found.json"), Found.class);
            } catch (IOException e) {
                throw new FidelException(e.getMessage(), e);
            }
        }
    }

    private static RecognizerCache.Result<Found> obtain(RecognizerCache cache, Path data, FixedCheck check,
            RecognizerCache.Settings settings, double maxRecognizerCer) throws FidelException {
        RecognizerCache.Result<Found> result = cache.obtain(data, MEL, "profile", check, check, settings, maxRecognizerCer, false);
        result.recognizer().close();
        return result;
    }

    @Test
    void trainedOnceThenReusedUntilTheInputsSettingsOrScoringChange(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        List<String> log = new ArrayList<>();
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), CollectedEvents.into(log));
        FixedCheck check = new FixedCheck(0.1);
        RecognizerCache.Result<Found> first = cache.obtain(data, MEL, "profile", check, check, SETTINGS, 0.15, false);
        List<float[]> clips = FixedCheck.samples(data.resolve("test.jsonl"), 44_100);
        List<String> heard = first.recognizer().transcribe(clips, 44_100);
        first.recognizer().close();
        assertTrue(first.trained());
        assertEquals(new Found(0.1, 4), first.heldOut(), "measured on val and test");
        assertEquals(6, first.training().steps());

        log.clear();
        RecognizerCache.Result<Found> second = cache.obtain(data, MEL, "profile", check, check, SETTINGS, 0.15, false);
        try {
            assertFalse(second.trained());
            assertEquals(1, check.measured, "a reused recognizer is not measured again");
            assertEquals(first.heldOut(), second.heldOut());
            assertEquals(heard, second.recognizer().transcribe(clips, 44_100), "the reused recognizer is the one trained");
            assertTrue(log.stream().anyMatch(l -> l.contains("up to date")), log.toString());
        } finally {
            second.recognizer().close();
        }

        log.clear();
        RecognizerCache.Settings longer = new RecognizerCache.Settings(SETTINGS.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 7, 60, 5f, 1, TempoPerturbation.defaults()), 0);
        assertTrue(obtain(cache, data, check, longer, 0.15).trained());
        assertTrue(log.stream().anyMatch(l -> l.contains("settings changed")), log.toString());

        // A listener trained without tempo perturbation is never taken for one trained with it, nor the other way round.
        RecognizerCache.Settings unperturbed = new RecognizerCache.Settings(SETTINGS.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 7, 60, 5f, 1, TempoPerturbation.NONE), 0);
        log.clear();
        assertTrue(obtain(cache, data, check, unperturbed, 0.15).trained());
        assertTrue(log.stream().anyMatch(l -> l.contains("no tempo perturbation")), log.toString());
        log.clear();
        assertTrue(obtain(cache, data, check, longer, 0.15).trained(), "the unperturbed listener is not reused when perturbation is on");
        assertTrue(log.stream().anyMatch(l -> l.contains("tempo perturbed 0.70-1.20")), log.toString());

        // Another way of scoring held-out speech: the kept figures mean something else, so it is trained and measured again.
        check.scoring = "fixed, another way";
        assertTrue(obtain(cache, data, check, longer, 0.15).trained());
        assertFalse(obtain(cache, data, check, longer, 0.15).trained());
        // Another held-out split: measured on other recordings.
        TestSplits.split(data, "val", 4);
        RecognizerCache.Result<Found> moreHeldOut = obtain(cache, data, check, longer, 0.15);
        assertTrue(moreHeldOut.trained());
        assertEquals(6, moreHeldOut.heldOut().recordings());
    }

    @Test
    void aRecognizerIsReusedOnlyIfItsRecordedCerPassesMaxRecognizerCer(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        List<String> log = new ArrayList<>();
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), CollectedEvents.into(log));
        FixedCheck check = new FixedCheck(0.3);
        assertTrue(obtain(cache, data, check, SETTINGS, 0.5).trained());
        assertFalse(obtain(cache, data, check, SETTINGS, 0.5).trained(), "0.3 passes 0.5");
        // The requirement tightened: the kept recognizer no longer passes, so it is not handed out as up to date.
        log.clear();
        RecognizerCache.Result<Found> stricter = obtain(cache, data, check, SETTINGS, 0.2);
        assertTrue(stricter.trained());
        assertTrue(log.stream().anyMatch(l -> l.contains("recorded held-out real CER 0.300 is above maxRecognizerCer 0.200")), log.toString());
        assertFalse(Files.exists(dir.resolve("recognizer/" + Fingerprint.FILE_NAME)), "the failing one is not kept as up to date");
        assertTrue(obtain(cache, data, check, SETTINGS, 0.2).trained(), "and never reused");
        assertEquals(3, check.measured, "measured each time it was trained, never when reused");
    }

    @Test
    void anUnfitRecognizerIsSavedForInspectionButNeverReused(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        List<String> log = new ArrayList<>();
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), CollectedEvents.into(log));
        FixedCheck deaf = new FixedCheck(0.9);
        RecognizerCache.Result<Found> first = obtain(cache, data, deaf, SETTINGS, 0.15);
        assertTrue(first.trained());
        assertEquals(6, first.training().steps(), "the step budget ran in full");
        assertFalse(first.training().stoppedByTimeLimit());
        assertTrue(log.stream().anyMatch(l -> l.contains("not kept as up to date")), log.toString());
        assertTrue(Files.isRegularFile(dir.resolve("recognizer/" + CtcRecognizer.WEIGHTS_FILE)));
        assertEquals(new Found(0.9, 4), deaf.recorded(dir.resolve("recognizer")));
        assertTrue(obtain(cache, data, deaf, SETTINGS, 0.15).trained(), "an unfit recognizer is trained again, never loaded from the cache");
    }

    @Test
    void theTimeLimitIsASafetyLimitReportedLoudlyAndNeverCached(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        List<String> log = new ArrayList<>();
        RecognizerCache cache = new RecognizerCache(dir.resolve("recognizer"), CollectedEvents.into(log));
        FixedCheck check = new FixedCheck(0.1);
        RecognizerCache.Settings starved = new RecognizerCache.Settings(SETTINGS.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 100_000, 1e-9, 5f, 1, TempoPerturbation.defaults()), 0);
        RecognizerCache.Result<Found> result = obtain(cache, data, check, starved, 100);
        assertTrue(result.training().stoppedByTimeLimit());
        assertTrue(log.stream().anyMatch(l -> l.contains("RECOGNIZER TRAINING CUT SHORT") && l.contains("of 100000 steps")), log.toString());
        assertFalse(Files.exists(dir.resolve("recognizer/" + Fingerprint.FILE_NAME)), "not kept as up to date");
        // The time limit is not part of the recognizer's identity: a fit one trained with another limit is reused.
        RecognizerCache.Settings budget = new RecognizerCache.Settings(starved.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 6, 600, 5f, 1, TempoPerturbation.defaults()), 0);
        assertTrue(obtain(cache, data, check, budget, 100).trained());
        RecognizerCache.Settings longerLimit = new RecognizerCache.Settings(starved.network(),
                new CtcTrainingConfig(4, 2e-3f, 2, 6, 900, 5f, 1, TempoPerturbation.defaults()), 0);
        assertFalse(obtain(cache, data, check, longerLimit, 100).trained());
    }

    @Test
    void withoutHeldOutSplitsNothingIsTrained(@TempDir Path dir) throws Exception {
        Path data = TestSplits.data(dir);
        Files.delete(data.resolve("val.jsonl"));
        Files.delete(data.resolve("test.jsonl"));
        FixedCheck check = new FixedCheck(0.1);
        VerdictException e = assertThrows(VerdictException.class, () -> new RecognizerCache(dir.resolve("recognizer"),
                CollectedEvents.into(new ArrayList<>())).obtain(data, MEL, "profile", check, check, SETTINGS, 0.15, false));
        assertTrue(e.getMessage().contains("val.jsonl, test.jsonl in " + data), e.getMessage());
        assertEquals(0, check.measured);
        assertFalse(Files.exists(dir.resolve("recognizer/" + CtcRecognizer.WEIGHTS_FILE)));
    }
}
