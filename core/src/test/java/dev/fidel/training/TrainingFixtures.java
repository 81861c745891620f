package dev.fidel.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsExample;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.VocabularyTraining;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small vocabularies, codecs and models for the training tests. */
final class TrainingFixtures {

    private TrainingFixtures() {
    }

    /** Normalized Amharic lines (CLDR) from the vocabulary tests' resource. */
    static List<String> lines() throws IOException {
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                TrainingFixtures.class.getResourceAsStream("/dev/fidel/vocabulary/am-cldr.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String n = normalizer.normalize(line);
                if (!n.isEmpty()) {
                    lines.add(n);
                }
            }
        }
        return lines;
    }

    /** A vocabulary folder of {@code size} pieces trained on the lines. */
    static Path vocabulary(Path dir, int size) throws Exception {
        Path text = dir.resolve("train.txt");
        Files.createDirectories(dir);
        Files.write(text, lines(), StandardCharsets.UTF_8);
        Path out = dir.resolve("vocabulary");
        new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(List.of(), List.of(text), out,
                TrainerOptions.defaults().withVocabSize(size), null, NormalizerProfile.amharic(), false));
        return out;
    }

    /** Random 8-band "mels". */
    static List<float[][]> mels(int count, long seed) {
        Random random = new Random(seed);
        List<float[][]> mels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] mel = new float[20 + random.nextInt(20)][8];
            for (float[] frame : mel) {
                for (int m = 0; m < 8; m++) {
                    frame[m] = (float) random.nextGaussian();
                }
            }
            mels.add(mel);
        }
        return mels;
    }

    static VqMelCodec codec() {
        return VqMelCodec.learn(mels(20, 3), new VqMelCodec.Settings(16, 2, 2000, 5, 11));
    }

    static GptConfig config(int vocabularySize, int codebookSize) {
        return new GptConfig(32, 2, 2, 0f, vocabularySize, codebookSize, 40, 40, 2, 8);
    }

    static SpeechGpt model(NDManager manager, GptConfig config, long seed) {
        TtsTrainer.seedEngine(seed);
        SpeechGpt model = new SpeechGpt(config);
        model.setInitializer(new SeededNormalInitializer(seed, 0.02), Parameter.Type.WEIGHT);
        model.initialize(manager);
        return model;
    }

    /** Examples over the vocabulary's ids with codes of the codec. */
    static List<TtsExample> examples(List<String> texts, dev.fidel.vocabulary.Vocabulary vocabulary, VqMelCodec codec, long seed) {
        List<float[][]> mels = mels(texts.size(), seed);
        List<TtsExample> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] text = vocabulary.encode(texts.get(i));
            out.add(new TtsExample("u" + i, mels.get(i), java.util.Arrays.copyOf(text, Math.min(text.length, 30)),
                    codec.encode(mels.get(i))));
        }
        return out;
    }
}
