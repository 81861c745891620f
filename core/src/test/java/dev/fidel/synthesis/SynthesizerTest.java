package dev.fidel.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.WavWriter;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Segment;
import dev.fidel.vocoder.GriffinLim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthesizerTest {

    static final MelConfig MEL = MelConfig.defaults();
    static NDManager manager;
    static SpeechGpt model;
    static VqMelCodec codec;

    /** One token per character, split at spaces into segments of at most {@code max} tokens. */
    static final TextSegmenter CHARACTERS = (text, max) -> {
        List<Segment> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > max) {
                out.add(segment(current.toString()));
                current.setLength(0);
            }
            current.append(current.length() > 0 ? " " : "").append(word);
        }
        out.add(segment(current.toString()));
        return out;
    };

    static Segment segment(String text) {
        return new Segment(text, text.codePoints().map(c -> c % 10).toArray());
    }

    @BeforeAll
    static void setUp() {
        manager = TorchEngine.newManager();
        Random random = new Random(3);
        List<float[][]> mels = new ArrayList<>();
        for (int u = 0; u < 4; u++) {
            float[][] mel = new float[60][MEL.mels()];
            for (float[] frame : mel) {
                for (int m = 0; m < frame.length; m++) {
                    frame[m] = (float) (random.nextGaussian() - 4 - m * 0.05);
                }
            }
            mels.add(mel);
        }
        codec = VqMelCodec.learn(mels, new VqMelCodec.Settings(16, 2, 1000, 3, 1));
        model = new SpeechGpt(new GptConfig(32, 1, 2, 0f, 10, 16, 8, 64, 2, MEL.mels()));
        model.setInitializer(new SeededNormalInitializer(5, 0.5), Parameter.Type.WEIGHT);
        model.initialize(manager);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static Synthesizer synthesizer(SamplingSettings sampling) {
        return new Synthesizer(model, new ParameterStore(manager, false), manager, codec, CHARACTERS,
                new GriffinLim(MEL, 4, 0.99f, 7), new SynthesisSettings(sampling, 120, 100, 10, 0));
    }

    static SpeakerReferences.Reference speaker() {
        float[][] mel = new float[30][MEL.mels()];
        for (int f = 0; f < mel.length; f++) {
            Arrays.fill(mel[f], -5f + f * 0.01f);
        }
        return new SpeakerReferences(MEL, codec::normalize, 16).of(mel);
    }

    @Test
    void theSameTextAndSeedGiveTheSameSamples() {
        Synthesizer synthesizer = synthesizer(new SamplingSettings(1f, 8, 0.95f, 1.2f, 16, 12));
        Synthesis first = synthesizer.synthesize("ሰላም ለዓለም", speaker(), 42);
        Synthesis second = synthesizer.synthesize("ሰላም ለዓለም", speaker(), 42);
        assertTrue(first.samples().length > 0);
        assertArrayEquals(first.samples(), second.samples());
        Synthesis other = synthesizer.synthesize("ሰላም ለዓለም", speaker(), 43);
        assertFalse(Arrays.equals(first.samples(), other.samples()), "another seed draws other codes");
    }

    @Test
    void aBatchGivesEachTextWhatItGetsAlone() {
        // Sampled, so each text's draws must come from its own stream; texts of one, two and three segments
        // (8 text positions), so later segments run in later waves and rows leave the batch at different steps.
        Synthesizer synthesizer = synthesizer(new SamplingSettings(1f, 8, 0.95f, 1.2f, 16, 12));
        List<String> texts = List.of("ሰላም ለዓለም", "ሀለሐ መሠረ ሰሸቀ በተቸ ኀነኘ", "ሰላም", "በተቸ ኀነኘ አከኸ ወዐዘ", "ሀ");
        List<Synthesis> batched = synthesizer.synthesize(texts, speaker(), 42, 3);
        assertEquals(texts.size(), batched.size());
        for (int t = 0; t < texts.size(); t++) {
            Synthesis alone = synthesizer.synthesize(texts.get(t), speaker(), 42);
            assertEquals(alone.segments().size(), batched.get(t).segments().size(), texts.get(t));
            for (int s = 0; s < alone.segments().size(); s++) {
                assertArrayEquals(alone.segments().get(s).codes(), batched.get(t).segments().get(s).codes(), texts.get(t) + " segment " + s);
                assertEquals(alone.segments().get(s).stopped(), batched.get(t).segments().get(s).stopped());
            }
            assertArrayEquals(alone.samples(), batched.get(t).samples(), texts.get(t));
        }
        // Another batch size, another grouping: the same audio.
        List<Synthesis> byTwo = synthesizer.synthesize(texts, speaker(), 42, 2);
        for (int t = 0; t < texts.size(); t++) {
            assertArrayEquals(batched.get(t).samples(), byTwo.get(t).samples(), texts.get(t));
        }
    }

    @Test
    void segmentsNeverExceedTheModelsTextPositions() {
        // Settings allow 120 tokens per segment, the model only 8 text positions: the smaller wins.
        Synthesis s = synthesizer(SamplingSettings.greedy(3)).synthesize("ሀለሐ መሠረ ሰሸቀ በተቸ ኀነኘ አከኸ ወዐዘ", speaker(), 1);
        assertTrue(s.segments().size() > 1);
        s.segments().forEach(seg -> assertTrue(seg.textTokens() <= 8, seg.text()));
        // Pauses between segments: more samples than the segments' audio alone.
        int codes = s.segments().stream().mapToInt(seg -> seg.codes().length).sum();
        assertTrue(s.samples().length > (codes * codec.framesPerCode() - s.segments().size()) * MEL.hop());
    }

    @Test
    void aWavOfTheConfiguredRateIsWritten(@TempDir Path dir) throws Exception {
        Synthesis s = synthesizer(SamplingSettings.greedy(6)).synthesize("ሰላም", speaker(), 1);
        Path wav = dir.resolve("out.wav");
        s.writeWav(wav);
        byte[] bytes = Files.readAllBytes(wav);
        assertEquals(44 + 2 * s.samples().length, bytes.length);
        assertArrayEquals(WavWriter.bytes(s.pcm16(), MEL.sampleRate()), bytes);
    }

    @Test
    void aReferenceReachedByTwoPathsIsComputedOnce(@TempDir Path dir) throws Exception {
        short[] tone = new short[MEL.sampleRate() / 2];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(i * 2 * Math.PI * 220 / MEL.sampleRate()));
        }
        Path original = dir.resolve("voice.wav");
        WavWriter.write(original, tone, MEL.sampleRate());
        Files.createDirectories(dir.resolve("elsewhere"));
        Path copy = Files.copy(original, dir.resolve("elsewhere/copy.wav"));
        SpeakerReferences references = new SpeakerReferences(MEL, codec::normalize, 16);
        SpeakerReferences.Reference a = references.of(original);
        SpeakerReferences.Reference b = references.of(dir.resolve("elsewhere/../voice.wav"));
        SpeakerReferences.Reference c = references.of(copy);
        assertSame(a, b);
        assertSame(a, c);
        assertEquals(1, references.computations());
        short[] other = tone.clone();
        other[0] = 1;
        Path different = dir.resolve("other.wav");
        WavWriter.write(different, other, MEL.sampleRate());
        assertNotSame(a, references.of(different));
        assertEquals(2, references.computations());
    }
}
