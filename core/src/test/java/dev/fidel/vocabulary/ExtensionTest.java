package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extending a base vocabulary keeps every base piece at its id and appends the Amharic pieces. */
class ExtensionTest {

    @TempDir
    Path dir;

    @Test
    void extendsABpeBase() throws Exception {
        TrainerOptions baseOptions = new TrainerOptions(400, 0.9999, "", true, List.of(), 16);
        SentencePieceModel base = SentencePieceModel.ofTrained(
                new BpeTrainer(baseOptions, EventSink.NONE).train(TestText.english(2000)).pieces(), baseOptions);
        Path baseFile = dir.resolve("base.model");
        Files.write(baseFile, base.toBytes());
        check(baseFile, base, 1400);
    }

    @Test
    void extendsAUnigramBaseTrainedBySpmTrain() throws Exception {
        if (!TestText.onPath("spm_train")) {
            System.out.println("SKIPPED unigram extension: spm_train is not on the PATH (apt-get install sentencepiece)");
            Assumptions.abort("spm_train is not installed");
        }
        TestText.write(dir.resolve("english.txt"), TestText.english(3000));
        TestText.run(dir, "spm_train", "--input=english.txt", "--model_prefix=uni", "--model_type=unigram",
                "--vocab_size=150", "--hard_vocab_limit=false", "--num_threads=1");
        Path baseFile = dir.resolve("uni.model");
        SentencePieceModel base = SentencePieceModel.read(baseFile);
        assertEquals(ModelType.UNIGRAM, base.modelType());
        check(baseFile, base, base.size() + 1000);
    }

    private void check(Path baseFile, SentencePieceModel base, int size) throws Exception {
        List<String> amharic = TestText.lines().subList(0, 3000);
        Path text = TestText.write(dir.resolve("am.txt"), amharic);
        VocabularyTraining.Outcome outcome = new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(
                List.of(), List.of(text), dir.resolve("extended"), TrainerOptions.defaults().withVocabSize(size),
                baseFile, NormalizerProfile.amharic(), false));
        try (Vocabulary v = Vocabulary.load(dir.resolve("extended"))) {
            // every base piece kept its id, text, type and score
            for (int id = 0; id < base.size(); id++) {
                assertEquals(base.pieces().get(id), v.piece(id), "piece " + id);
            }
            assertEquals(size, v.size());
            assertEquals(size - base.size(), outcome.added());
            assertEquals(outcome.added(), v.info().base().piecesAdded());
            assertEquals(base.identity(), v.info().base().identity());
            assertEquals(base.modelType().name(), v.info().modelType());
            // the appended pieces cover Amharic: no unknown or byte tokens on the corpus' own letters
            String sentence = amharic.get(5);
            int[] ids = v.encode(sentence);
            for (int id : ids) {
                assertTrue(v.piece(id).type() == PieceType.NORMAL, sentence + " -> " + v.piece(id));
            }
            assertTrue(ids.length < sentence.length(), "merged pieces are used");
            // the base still encodes its own text as before, with its own ids
            try (ai.djl.sentencepiece.SpTokenizer b = new ai.djl.sentencepiece.SpTokenizer(Files.readAllBytes(baseFile))) {
                int same = 0;
                List<String> english = TestText.english(50);
                for (String line : english) {
                    String words = line.substring(0, line.length() - 1); // no punctuation the normalizer may turn Ethiopic
                    same += java.util.Arrays.equals(b.getProcessor().encode(v.normalize(words)), v.encode(words)) ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "extension of a %s base (%d pieces) by %d pieces: %d/%d English lines "
                        + "keep their base ids%n", base.modelType(), base.size(), outcome.added(), same, english.size());
                assertEquals(english.size(), same);
            }
        }
    }
}
