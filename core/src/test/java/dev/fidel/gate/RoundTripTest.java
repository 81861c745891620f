package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.recognition.Recognizer;
import dev.fidel.synthesis.SamplingSettings;
import dev.fidel.synthesis.SpeakerReferences;
import dev.fidel.synthesis.Synthesis;
import dev.fidel.synthesis.SynthesisSettings;
import dev.fidel.synthesis.Synthesizer;
import dev.fidel.synthesis.TextToSpeech;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.util.Json;
import dev.fidel.vocabulary.Segment;
import dev.fidel.vocoder.GriffinLim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's decisions, with a stand-in channel: "speech" that carries each character as a sample value
 * and a "recognizer" that reads them back. A speaker that says the text passes; one that garbles it, or
 * a GPT with random weights, fails; a regression against a baseline report is caught.
 */
class RoundTripTest {

    static final MelConfig MEL = MelConfig.defaults();
    static final int SAMPLES_PER_CHARACTER = 300;
    static final List<String> SENTENCES = List.of("ሰላም ለዓለም", "እንደምን አደርክ", "ቡና ጠጣ", "ዛሬ ዝናብ ይዘንባል");
    static final ErrorRates RATES = new ErrorRates(s -> s);

    /** Says the text, optionally dropping every n-th character (n 0: none). */
    static TextToSpeech channel(int dropEvery) {
        return text -> {
            int[] cps = text.codePoints().toArray();
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < cps.length; i++) {
                if (dropEvery == 0 || i % dropEvery != dropEvery - 1) {
                    kept.add(cps[i]);
                }
            }
            float[] samples = new float[kept.size() * SAMPLES_PER_CHARACTER];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = kept.get(i / SAMPLES_PER_CHARACTER) / 70000f;
            }
            return new Synthesis(samples, MEL.sampleRate(), new float[][] {{0f, 1f}, {1f, 0f}}, List.of());
        };
    }

    /** Reads one character per block of samples back; what is not a character is skipped. */
    static final class ChannelRecognizer implements Recognizer {
        @Override
        public MelConfig melConfig() {
            return MEL;
        }

        @Override
        public List<String> transcribe(List<float[][]> mels) {
            throw new UnsupportedOperationException("this test recognizer reads the samples (transcribeAudio), not mels");
        }

        @Override
        public String transcribeAudio(float[] samples) {
            StringBuilder out = new StringBuilder();
            for (int i = SAMPLES_PER_CHARACTER / 2; i < samples.length; i += SAMPLES_PER_CHARACTER) {
                int cp = Math.round(samples[i] * 70000f);
                if (cp == ' ' || (cp >= 0x1200 && cp <= 0x137F)) {
                    out.appendCodePoint(cp);
                }
            }
            return out.toString();
        }

        @Override
        public void close() {
        }
    }

    static RoundTripReport run(TextToSpeech speech, RoundTrip.Settings settings, Path dir) throws FidelException {
        return new RoundTrip(new ChannelRecognizer(), RATES, EventSink.NONE).run(speech, SENTENCES,
                Set.of(SENTENCES.get(0)), null, null, Map.of("checkpoint", "test"), settings, dir);
    }

    @Test
    void aSpeakerThatSaysTheTextPassesAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        RoundTripReport report = run(channel(0), new RoundTrip.Settings(0.35, null, 0.02, 3), dir);
        RoundTrip.check(report, 3);
        assertTrue(report.passed());
        assertEquals(0.0, report.overall().cer());
        assertEquals(1, report.seen().sentences());
        assertEquals(3, report.unseen().sentences());
        assertNull(report.baseline());
        String html = Files.readString(dir.resolve(RoundTrip.REPORT_HTML));
        assertEquals(SENTENCES.size(), html.split("<audio controls src=\"data:audio/wav;base64,", -1).length - 1);
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("ዛሬ ዝናብ ይዘንባል"));
        assertTrue(Files.isRegularFile(dir.resolve("audio/3.wav")));
        RoundTripReport reread = Json.read(dir.resolve(RoundTrip.REPORT_JSON), RoundTripReport.class);
        assertEquals(report.overall(), reread.overall());
    }

    @Test
    void aGptWithRandomWeightsFailsNamingTheWorstSentences(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(3);
            List<float[][]> mels = new ArrayList<>();
            for (int u = 0; u < 3; u++) {
                float[][] mel = new float[40][MEL.mels()];
                for (float[] frame : mel) {
                    for (int m = 0; m < frame.length; m++) {
                        frame[m] = (float) (random.nextGaussian() - 4);
                    }
                }
                mels.add(mel);
            }
            VqMelCodec codec = VqMelCodec.learn(mels, new VqMelCodec.Settings(16, 2, 1000, 3, 1));
            SpeechGpt model = new SpeechGpt(new GptConfig(32, 1, 2, 0f, 10, 16, 32, 64, 2, MEL.mels()));
            model.setInitializer(new SeededNormalInitializer(5, 0.5), Parameter.Type.WEIGHT);
            model.initialize(manager);
            Synthesizer synthesizer = new Synthesizer(model, new ParameterStore(manager, false), manager, codec,
                    (text, max) -> List.of(new Segment(text, text.codePoints().map(c -> c % 10).toArray())),
                    new GriffinLim(MEL, 4, 0.99f, 7), SynthesisSettings.defaults(SamplingSettings.greedy(20)));
            SpeakerReferences.Reference speaker = new SpeakerReferences(MEL, codec::normalize, 16).of(mels.get(0));
            RoundTripReport report = run(text -> synthesizer.synthesize(text, speaker, 1),
                    new RoundTrip.Settings(0.35, null, 0.02, 2), dir);
            System.out.printf("round trip of a GPT with random weights: CER %.3f (maxCer 0.35)%n", report.overall().cer());
            assertFalse(report.passed());
            VerdictException e = assertThrows(VerdictException.class, () -> RoundTrip.check(report, 2));
            assertTrue(e.getMessage().contains("above maxCer 0.350"), e.getMessage());
            assertEquals(2, e.getMessage().split("\n  #", -1).length - 1, e.getMessage());
        }
    }

    @Test
    void aRegressionAgainstTheBaselineIsCaught(@TempDir Path dir) throws Exception {
        run(channel(0), new RoundTrip.Settings(0.35, null, 0.02, 3), dir.resolve("before"));
        Path baseline = dir.resolve("before/" + RoundTrip.REPORT_JSON);
        // Dropping every 5th character: CER ~0.2, under maxCer but 0.2 worse than the baseline.
        RoundTripReport worse = run(channel(5), new RoundTrip.Settings(0.35, baseline, 0.05, 3), dir.resolve("after"));
        assertTrue(worse.overall().cer() > 0.1 && worse.overall().cer() < 0.35, "CER " + worse.overall().cer());
        assertTrue(worse.baseline().regressed());
        VerdictException e = assertThrows(VerdictException.class, () -> RoundTrip.check(worse, 3));
        assertTrue(e.getMessage().contains("regressed from the baseline's 0.000"), e.getMessage());
        assertEquals("baseline", e.setting());
        // Within a wider tolerance it passes.
        RoundTripReport tolerated = run(channel(5), new RoundTrip.Settings(0.35, baseline, 0.5, 3), dir.resolve("again"));
        assertTrue(tolerated.passed());
    }

    @Test
    void aBaselineThatIsNotAReportIsASetupError(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.json"), "{\"format\":\"something-else\"}");
        FidelException e = assertThrows(FidelException.class,
                () -> run(channel(0), new RoundTrip.Settings(0.35, bogus, 0.02, 3), dir.resolve("out")));
        assertFalse(e instanceof VerdictException);
        assertTrue(e.getMessage().contains("bogus.json"), e.getMessage());
    }
}
