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
import dev.fidel.metrics.SpokenForm;
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
import dev.fidel.util.TorchEngine;
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
 * The gate's measurement and verdict, with a stand-in channel: "speech" that carries each character as a sample value
 * and a "recognizer" that reads them back. A speaker that says the text passes; one that garbles it, or a GPT with
 * random weights, fails; a regression against a baseline report is caught; the verdict is a pure function of the
 * measurement and the thresholds.
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

    static List<GateSentence> sentences() {
        List<GateSentence> out = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            out.add(new GateSentence("s" + i, SENTENCES.get(i), SENTENCES.get(i)));
        }
        return out;
    }

    /** Reads one character per block of samples back; what is not a character is skipped. */
    static final class ChannelRecognizer implements Recognizer {
        @Override
        public List<String> transcribe(List<float[]> clips, int sampleRate) {
            if (sampleRate != MEL.sampleRate()) {
                throw new IllegalArgumentException("this test recognizer reads " + MEL.sampleRate() + " Hz, not " + sampleRate);
            }
            return clips.stream().map(ChannelRecognizer::read).toList();
        }

        static String read(float[] samples) {
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

    /** {@link ChannelRecognizer} that writes no Ethiopic punctuation (U+1360..U+1368) and no ቐ. */
    static final class NoPunctuationRecognizer implements Recognizer {
        private final ChannelRecognizer channel = new ChannelRecognizer();

        @Override
        public List<String> transcribe(List<float[]> clips, int sampleRate) {
            return channel.transcribe(clips, sampleRate).stream().map(heard -> heard.codePoints().filter(this::writes)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()).toList();
        }

        private boolean writes(int c) {
            return c != 'ቐ' && (c < 0x1360 || c > 0x1368);
        }

        @Override
        public java.util.function.IntPredicate inventory() {
            return c -> c == ' ' || (c >= 0x1200 && c <= 0x137F && writes(c));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void punctuationAndCharactersTheListenerCannotWriteAreNotScoredAndTheReportSaysWhich(@TempDir Path dir) throws Exception {
        List<GateSentence> sentences = List.of(new GateSentence("p0", "ሰላም ነው።", "ሰላም ነው።"),
                new GateSentence("p1", "ቡና፣ ቐጠጣ።", "ቡና፣ ቐጠጣ።"));
        List<Clip> clips = new ArrayList<>();
        for (GateSentence s : sentences) {
            Synthesis synthesis = channel(0).speak(s.text());
            clips.add(new Clip(null, synthesis.samples(), synthesis.seconds(), null));
        }
        RoundTrip roundTrip = new RoundTrip(new NoPunctuationRecognizer(), RATES);
        List<SentenceResult> results = roundTrip.score(sentences, clips, MEL.sampleRate(), Set.of(), null);
        assertEquals("ሰላም ነው", results.get(0).transcript());
        assertEquals(0.0, results.get(0).cer(), "a perfect voice loses nothing to the ። the listener cannot write");
        assertEquals(0.0, results.get(1).cer());
        assertEquals(6, results.get(0).characters());
        assertEquals(5, results.get(0).charactersIgnoringSpaces());
        assertEquals("ቡና ጠጣ", results.get(1).scoredText(), "what the CER counts against: no ፣, no ።, no ቐ");
        Measurement m = new Measurement(Measurement.FORMAT, Measurement.FORMAT_VERSION, Map.of(), Map.of(), results, null, null, 0,
                List.of(), roundTrip.notScored(sentences.stream().map(GateSentence::normalizedText).toList()));
        RoundTripReport report = judge(m, new Thresholds(0.1, null, 0.02), dir);
        assertEquals(List.of(new NotScored("።", "U+1362", 2, SpokenForm.PUNCTUATION), new NotScored("ቐ", "U+1250", 1, SpokenForm.OUTSIDE_INVENTORY),
                new NotScored("፣", "U+1363", 1, SpokenForm.PUNCTUATION)), report.notScored());
        assertEquals(report.notScored(), Json.read(dir.resolve(RoundTrip.REPORT_JSON), RoundTripReport.class).notScored());
        String html = Files.readString(dir.resolve(RoundTrip.REPORT_HTML));
        assertTrue(html.contains("<td>U+1362</td><td>2</td><td>" + SpokenForm.PUNCTUATION), html);
        assertTrue(html.contains("<td>U+1250</td><td>1</td><td>" + ReportHtml.esc(SpokenForm.OUTSIDE_INVENTORY)), html);
        assertTrue(html.contains("CER ignoring spaces"));
        assertFalse(html.contains("<mark class=miss>።"), "a mark that is not scored is not shown as missed");
    }

    /** Measures {@code speech} saying {@link #SENTENCES}, each clip written to {@code dir/audio/<id>.wav}. */
    static Measurement measure(TextToSpeech speech, Path dir) throws Exception {
        List<GateSentence> sentences = sentences();
        List<Clip> clips = new ArrayList<>();
        Files.createDirectories(dir.resolve("audio"));
        for (GateSentence s : sentences) {
            Synthesis synthesis = speech.speak(s.text());
            Path wav = dir.resolve("audio/" + s.id() + ".wav");
            synthesis.writeWav(wav);
            clips.add(new Clip(wav, synthesis.samples(), synthesis.seconds(), null));
        }
        List<SentenceResult> results = new RoundTrip(new ChannelRecognizer(), RATES).score(sentences, clips, MEL.sampleRate(),
                Set.of(SENTENCES.get(0)), null);
        return new Measurement(Measurement.FORMAT, Measurement.FORMAT_VERSION, Map.of("kind", "test"), Map.of(), results, null, null, 0,
                List.of(), null);
    }

    static RoundTripReport judge(Measurement m, Thresholds t, Path dir) throws Exception {
        RoundTripReport report = RoundTripReport.of(m, Verdict.judge(m, t, t.baseline() == null ? null : Baseline.read(t.baseline())), t);
        ReportFiles.writeReport(report, dir);
        return report;
    }

    @Test
    void aSpeakerThatSaysTheTextPassesAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        RoundTripReport report = judge(measure(channel(0), dir), new Thresholds(0.35, null, 0.02), dir);
        Verdict.check(report);
        assertTrue(report.passed());
        assertEquals(0.0, report.overall().cer());
        assertEquals(1, report.seen().sentences());
        assertEquals(3, report.unseen().sentences());
        assertNull(report.baseline());
        String html = Files.readString(dir.resolve(RoundTrip.REPORT_HTML));
        assertEquals(SENTENCES.size(), html.split("<audio controls src=\"data:audio/wav;base64,", -1).length - 1);
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("ዛሬ ዝናብ ይዘንባል"));
        RoundTripReport reread = Json.read(dir.resolve(RoundTrip.REPORT_JSON), RoundTripReport.class);
        assertEquals(report.overall(), reread.overall());
    }

    @Test
    void theVerdictIsAPureFunctionOfMeasurementAndThresholds(@TempDir Path dir) throws Exception {
        // Dropping every 5th character: CER ~0.2.
        Measurement m = measure(channel(5), dir);
        String before = Json.write(m);
        double cer = m.overall().cer();
        assertTrue(cer > 0.1 && cer < 0.35, "CER " + cer);
        Verdict lenient = Verdict.judge(m, new Thresholds(0.35, null, 0.02), null);
        Verdict strict = Verdict.judge(m, new Thresholds(0.1, null, 0.02), null);
        assertTrue(lenient.passed());
        assertFalse(strict.passed());
        assertEquals("maxCer", strict.failedSetting());
        assertTrue(strict.failures().get(0).contains("above maxCer 0.100"), strict.failures().toString());
        Verdict regressed = Verdict.judge(m, new Thresholds(0.35, null, 0.05), new Baseline("base.json", 0.0));
        assertFalse(regressed.passed());
        assertEquals("baseline", regressed.failedSetting());
        assertTrue(regressed.baseline().regressed());
        assertTrue(Verdict.judge(m, new Thresholds(0.35, null, 0.5), new Baseline("base.json", 0.0)).passed(), "within tolerance");
        // The same inputs give the same verdict, and judging never changes the measurement.
        assertEquals(strict, Verdict.judge(m, new Thresholds(0.1, null, 0.02), null));
        assertEquals(before, Json.write(m));
    }

    @Test
    void aClipWithAFindingIsNotHeardAndScoresOne(@TempDir Path dir) throws Exception {
        List<GateSentence> sentences = sentences();
        List<Clip> clips = new ArrayList<>();
        for (GateSentence s : sentences) {
            Synthesis synthesis = channel(0).speak(s.text());
            clips.add(new Clip(null, synthesis.samples(), synthesis.seconds(), null));
        }
        clips.set(2, Clip.of(null, new short[MEL.sampleRate()], MEL.sampleRate(), 4));
        List<SentenceResult> results = new RoundTrip(new ChannelRecognizer(), RATES).score(sentences, clips, MEL.sampleRate(),
                Set.of(), null);
        assertEquals(1.0, results.get(2).cer());
        assertEquals("", results.get(2).transcript());
        assertEquals(ClipFinding.Kind.SILENT, results.get(2).finding().kind());
        assertEquals(0.0, results.get(1).cer());
        Measurement m = new Measurement(Measurement.FORMAT, Measurement.FORMAT_VERSION, Map.of(), Map.of(), results, null, null, 0, List.of(), null);
        RoundTripReport report = judge(m, new Thresholds(0.1, null, 0.02), dir);
        VerdictException e = assertThrows(VerdictException.class, () -> Verdict.check(report));
        assertTrue(e.getMessage().contains("1 of 4 clips were not heard and scored CER 1.0: 1 silent"), e.getMessage());
        assertTrue(e.getMessage().contains("s2 CER 1.000: \"ቡና ጠጣ\" not heard: silent"), e.getMessage());
        assertTrue(Files.readString(dir.resolve(RoundTrip.REPORT_HTML)).contains("<span class=fail>silent</span>"));
    }

    @Test
    void aGptWithRandomWeightsFailsNamingTheWorstSentences(@TempDir Path dir) throws Exception {
        try (NDManager manager = TorchEngine.newManager()) {
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
            RoundTripReport report = judge(measure(text -> synthesizer.synthesize(text, speaker, 1), dir),
                    new Thresholds(0.35, null, 0.02), dir);
            System.out.printf("round trip of a GPT with random weights: CER %.3f (maxCer 0.35)%n", report.overall().cer());
            assertFalse(report.passed());
            VerdictException e = assertThrows(VerdictException.class, () -> Verdict.check(report));
            assertTrue(e.getMessage().contains("above maxCer 0.350"), e.getMessage());
            assertEquals(SENTENCES.size(), e.getMessage().split("\n  s", -1).length - 1, e.getMessage());
        }
    }

    @Test
    void aBaselineIsAnEarlierReportAndAnythingElseIsASetupError(@TempDir Path dir) throws Exception {
        judge(measure(channel(0), dir.resolve("before")), new Thresholds(0.35, null, 0.02), dir.resolve("before"));
        Path baseline = dir.resolve("before/" + RoundTrip.REPORT_JSON);
        RoundTripReport worse = judge(measure(channel(5), dir.resolve("after")), new Thresholds(0.35, baseline, 0.05), dir.resolve("after"));
        VerdictException e = assertThrows(VerdictException.class, () -> Verdict.check(worse));
        assertTrue(e.getMessage().contains("regressed from the baseline's 0.000"), e.getMessage());
        assertEquals("baseline", e.setting());
        Path bogus = Files.writeString(dir.resolve("bogus.json"), "{\"format\":\"something-else\"}");
        FidelException setup = assertThrows(FidelException.class, () -> Baseline.read(bogus));
        assertFalse(setup instanceof VerdictException);
        assertTrue(setup.getMessage().contains("bogus.json"), setup.getMessage());
    }
}
