package dev.fidel.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.EditScore;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.util.Json;
import dev.fidel.util.TorchEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a tiny recognizer on synthetic "speech" (each syllable lights its own mel bands for a few
 * frames, silence between) with a few broken (NaN) utterances, and checks that it learns anyway, and
 * that saving and loading keeps it exact.
 */
class CtcRecognizerTest {

    private static final String SYLLABLES = "ሀለመ";
    private static final MelConfig MELS = new MelConfig(22050, 1024, 256, 30, 0, 8000);

    private static List<LabelledMel> data;
    private static CtcRecognizer trained;
    private static CtcTrainingReport report;
    private static float firstLoss;

    static List<LabelledMel> synthetic(int count, long seed) {
        Random random = new Random(seed);
        List<LabelledMel> out = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            StringBuilder text = new StringBuilder();
            List<float[]> frames = new ArrayList<>();
            addFrames(frames, 3 + random.nextInt(3), -1, random);
            int length = 2 + random.nextInt(3);
            for (int i = 0; i < length; i++) {
                int c = random.nextInt(SYLLABLES.length());
                text.append(SYLLABLES.charAt(c));
                addFrames(frames, 6 + random.nextInt(4), c, random);
                addFrames(frames, 2 + random.nextInt(3), -1, random);
            }
            out.add(new LabelledMel("s" + u, frames.toArray(float[][]::new), text.toString()));
        }
        return out;
    }

    private static void addFrames(List<float[]> frames, int n, int syllable, Random random) {
        for (int f = 0; f < n; f++) {
            float[] frame = new float[MELS.mels()];
            for (int m = 0; m < frame.length; m++) {
                boolean lit = syllable >= 0 && m / 10 == syllable;
                frame[m] = (lit ? 0f : -10f) + 0.3f * (float) random.nextGaussian();
            }
            frames.add(frame);
        }
    }

    private static CtcTrainer trainer(int steps) {
        CtcTrainingConfig config = new CtcTrainingConfig(8, 1e-2f, 5, steps, 600, 5f, 1, TempoPerturbation.NONE);
        return new CtcTrainer(new CtcRecognizerConfig(32, 3, 32, 1), config, MELS, "test-normalizer", EventSink.NONE);
    }

    @BeforeAll
    static void train() throws Exception {
        data = synthetic(48, 11);
        try (CtcRecognizer untrained = trainer(1).train(data)) {
            firstLoss = (float) ((CtcTrainingReport) untrained.header().training().get("report")).finalLoss();
        }
        // Eight utterances of NaN frames (a broken file): left out, counted, and the statistics and
        // weights stay finite.
        List<LabelledMel> withPoison = new ArrayList<>(data);
        for (int i = 0; i < 8; i++) {
            float[][] nan = new float[200][MELS.mels()];
            for (float[] frame : nan) {
                java.util.Arrays.fill(frame, Float.NaN);
            }
            withPoison.add(new LabelledMel("nan" + i, nan, "ሀ"));
        }
        trained = trainer(40).train(withPoison);
        report = (CtcTrainingReport) trained.header().training().get("report");
    }

    @Test
    void lossFallsAndTheTrainingTextsAreRecognized() {
        ErrorRates rates = new ErrorRates(UnaryOperator.identity());
        List<String> transcripts = trained.transcribeMels(data.stream().map(LabelledMel::mel).toList());
        EditScore total = EditScore.ZERO;
        for (int i = 0; i < data.size(); i++) {
            total = total.plus(rates.characters(data.get(i).text(), transcripts.get(i)));
        }
        System.out.printf("tiny CTC: loss %.3f -> %.3f in %d steps (%d skipped), CER %.3f%n",
                firstLoss, report.finalLoss(), report.steps(), report.skippedSteps(), total.rate());
        assertEquals(8, report.droppedUtterances());
        assertTrue(report.finalLoss() < firstLoss / 4, report.finalLoss() + " vs " + firstLoss);
        assertTrue(total.rate() < 0.1, "CER " + total.rate());
    }

    /** Tone "speech": each syllable a tone of its own (ሀ 400 Hz, ለ 1500 Hz, መ 3500 Hz), silence between, at any rate. */
    record ToneUtterance(String text, int[] syllables, double[] seconds) {

        static List<ToneUtterance> random(int count, long seed) {
            Random random = new Random(seed);
            List<ToneUtterance> out = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                int length = 2 + random.nextInt(3);
                int[] syllables = new int[2 * length + 1];
                double[] seconds = new double[syllables.length];
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < syllables.length; i++) {
                    syllables[i] = i % 2 == 0 ? -1 : random.nextInt(SYLLABLES.length());
                    seconds[i] = (i % 2 == 0 ? 3 + random.nextInt(3) : 7 + random.nextInt(4)) * 256.0 / 22050;
                    if (syllables[i] >= 0) {
                        text.append(SYLLABLES.charAt(syllables[i]));
                    }
                }
                out.add(new ToneUtterance(text.toString(), syllables, seconds));
            }
            return out;
        }

        float[] samples(int rate) {
            double[] hz = {400, 1500, 3500};
            List<Float> out = new ArrayList<>();
            double t = 0;
            for (int i = 0; i < syllables.length; i++) {
                double end = t + seconds[i];
                for (; out.size() < Math.round(end * rate); ) {
                    double time = (double) out.size() / rate;
                    out.add(syllables[i] < 0 ? 0f : (float) (0.3 * Math.sin(2 * Math.PI * hz[syllables[i]] * time)));
                }
                t = end;
            }
            float[] samples = new float[out.size()];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = out.get(i);
            }
            return samples;
        }
    }

    /**
     * The one entry point, {@code transcribe(clips, sampleRate)}, hears clips at any rate as the recognizer's own: trained
     * on tone "speech" at 22,050 Hz, it reads unseen tone speech made at 44.1, 22.05, 16 and 8 kHz (a recognizer that did
     * not resample would hear 44.1 kHz tones an octave low and 16 kHz ones a fifth high).
     */
    @Test
    void clipsAtAnyRateAreHeardThroughTheOneEntryPoint() throws Exception {
        MelSpectrogram spectrogram = new MelSpectrogram(MELS);
        List<LabelledMel> training = new ArrayList<>();
        for (ToneUtterance u : ToneUtterance.random(48, 5)) {
            training.add(new LabelledMel(u.text(), spectrogram.compute(u.samples(MELS.sampleRate())), u.text()));
        }
        List<ToneUtterance> unseen = ToneUtterance.random(12, 77);
        ErrorRates rates = new ErrorRates(UnaryOperator.identity());
        try (CtcRecognizer tones = trainer(60).train(training)) {
            for (int rate : new int[] {44_100, 22_050, 16_000, 8000}) {
                List<float[]> clips = new ArrayList<>(unseen.stream().map(u -> u.samples(rate)).toList());
                clips.add(new float[0]);
                List<String> heard = tones.transcribe(clips, rate);
                assertEquals("", heard.get(unseen.size()), "an empty clip is heard as nothing");
                EditScore total = EditScore.ZERO;
                for (int i = 0; i < unseen.size(); i++) {
                    total = total.plus(rates.characters(unseen.get(i).text(), heard.get(i)));
                }
                System.out.printf("tone speech at %d Hz: CER %.3f%n", rate, total.rate());
                assertTrue(total.rate() < 0.1, rate + " Hz: CER " + total.rate() + " " + heard);
            }
        }
    }

    @Test
    void onlyBrokenUtterancesIsAVerdictNotAHang() {
        float[][] nan = new float[40][MELS.mels()];
        for (float[] frame : nan) {
            java.util.Arrays.fill(frame, Float.NaN);
        }
        dev.fidel.VerdictException e = assertThrows(dev.fidel.VerdictException.class,
                () -> trainer(5).train(List.of(new LabelledMel("nan", nan, "ሀ"))));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void savedAndLoadedRecognizerGivesIdenticalTranscripts(@TempDir Path dir) throws Exception {
        trained.save(dir);
        List<float[][]> mels = synthetic(12, 99).stream().map(LabelledMel::mel).toList();
        try (CtcRecognizer loaded = CtcRecognizer.load(dir)) {
            assertEquals(trained.transcribeMels(mels), loaded.transcribeMels(mels));
            assertEquals(trained.characterSet().codePoints(), loaded.characterSet().codePoints());
            assertEquals("test-normalizer", loaded.header().normalizerSha256());
        }
    }

    @Test
    void corruptWeightsAreRefusedWithTheFileNamed(@TempDir Path dir) throws Exception {
        trained.save(dir);
        byte[] weights = Files.readAllBytes(dir.resolve(CtcRecognizer.WEIGHTS_FILE));
        weights[weights.length / 2] ^= 1;
        Files.write(dir.resolve(CtcRecognizer.WEIGHTS_FILE), weights);
        FidelException e = assertThrows(FidelException.class, () -> CtcRecognizer.load(dir));
        assertTrue(e.getMessage().contains(CtcRecognizer.WEIGHTS_FILE), e.getMessage());
    }
    @Test
    void sizesInRecognizerJsonAreComparedWithTheWeightsBeforeTheNetworkIsBuilt(@TempDir Path dir) throws Exception {
        trained.save(dir);
        Path headerFile = dir.resolve(CtcRecognizer.HEADER_FILE);
        String saved = Files.readString(headerFile);
        // Within the bound, yet 25 million weights the file does not hold: the network used to be built (100 MB) and then fail to fill.
        edit(headerFile, saved, "config", "gruSize", 2048);
        FidelException e = assertThrows(FidelException.class, () -> CtcRecognizer.load(dir));
        assertTrue(e.getMessage().startsWith(headerFile + " describes a network of 25,"), e.getMessage());
        assertTrue(e.getMessage().contains("recognizer.weights holds "), e.getMessage());
        // Beyond it: a GRU of a million states (terabytes) is refused by its name.
        edit(headerFile, saved, "config", "gruSize", 1_000_000);
        e = assertThrows(FidelException.class, () -> CtcRecognizer.load(dir));
        assertEquals(headerFile + " gives config.gruSize 1000000, outside 1..4096: it is damaged or not a recognizer", e.getMessage());
        // An FFT of a billion points would be allocated at the first transcription.
        edit(headerFile, saved, "melConfig", "nFft", 1 << 30);
        e = assertThrows(FidelException.class, () -> CtcRecognizer.load(dir));
        assertTrue(e.getMessage().contains("nFft 1073741824"), e.getMessage());
        Files.writeString(headerFile, saved);
        try (CtcRecognizer loaded = CtcRecognizer.load(dir)) {
            assertEquals(trained.characterSet().codePoints(), loaded.characterSet().codePoints());
        }
    }

    /** Writes {@code saved} with one number changed. */
    private static void edit(Path headerFile, String saved, String object, String field, int value) throws Exception {
        com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(saved);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get(object)).put(field, value);
        Files.writeString(headerFile, Json.write(tree));
    }

    @Test
    void parameterCountFromTheSizesAloneIsWhatABuiltNetworkHas() {
        CtcRecognizerConfig config = new CtcRecognizerConfig(12, 3, 7, 3);
        try (ai.djl.ndarray.NDManager manager = TorchEngine.newManager()) {
            ai.djl.nn.Block block = CtcRecognizer.newNetwork(manager, config, trained.characterSet(), 9, 1);
            long count = block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(count, CtcNetwork.parameterCount(config, trained.characterSet().size(), 9));
        }
    }
}
