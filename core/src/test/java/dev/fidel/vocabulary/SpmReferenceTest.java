package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.sentencepiece.SpTokenizer;
import dev.fidel.event.EventSink;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our trainer against the reference implementation: Debian's {@code spm_train} (BPE, same options) on
 * the same text, and Python's sentencepiece loading our {@code .model}. Skipped, with the reason
 * printed, where the reference tools are not installed ({@code .ci/run} installs them).
 */
class SpmReferenceTest {

    private static final int VOCAB_SIZE = 1000;

    @TempDir
    Path dir;

    @Test
    void trainsTheSamePiecesAsSpmTrain() throws Exception {
        if (!TestText.onPath("spm_train")) {
            System.out.println("SKIPPED spm_train comparison: spm_train is not on the PATH (apt-get install sentencepiece)");
            Assumptions.abort("spm_train is not installed");
        }
        List<String> all = TestText.lines();
        List<String> train = TestText.every(all, 10, 0, false);
        List<String> heldOut = TestText.every(all, 10, 0, true);
        TestText.write(dir.resolve("train.txt"), train);

        TrainerOptions options = new TrainerOptions(VOCAB_SIZE, 0.9999, "", true, List.of(), 16);
        BpeTrainer.Result ours = new BpeTrainer(options, EventSink.NONE).train(train);
        byte[] ourModel = SentencePieceModel.ofTrained(ours.pieces(), options).toBytes();

        TestText.run(dir, "spm_train", "--input=train.txt", "--model_prefix=ref", "--model_type=bpe",
                "--vocab_size=" + VOCAB_SIZE, "--character_coverage=0.9999", "--byte_fallback=true",
                "--normalization_rule_name=identity", "--add_dummy_prefix=true", "--remove_extra_whitespaces=false",
                "--num_threads=1");
        byte[] refModel = Files.readAllBytes(dir.resolve("ref.model"));
        List<Piece> refPieces = SentencePieceModel.parse(refModel).pieces();

        Set<String> ourSet = new HashSet<>();
        ours.pieces().forEach(p -> ourSet.add(p.text()));
        int common = 0;
        int sameId = 0;
        for (int i = 0; i < refPieces.size(); i++) {
            common += ourSet.contains(refPieces.get(i).text()) ? 1 : 0;
            sameId += i < ours.pieces().size() && ours.pieces().get(i).text().equals(refPieces.get(i).text()) ? 1 : 0;
        }
        int sameLines = 0;
        int sameIds = 0;
        try (SpTokenizer a = new SpTokenizer(ourModel); SpTokenizer b = new SpTokenizer(refModel)) {
            for (String line : heldOut) {
                sameLines += a.tokenize(line).equals(b.tokenize(line)) ? 1 : 0;
                sameIds += Arrays.equals(a.getProcessor().encode(line), b.getProcessor().encode(line)) ? 1 : 0;
            }
        }
        double overlap = (double) common / refPieces.size();
        double agreement = (double) sameLines / heldOut.size();
        System.out.printf(Locale.ROOT, "spm_train comparison (BPE, %d pieces, %d training lines, %d held out):%n"
                + "  piece inventory overlap %d/%d = %.4f, same piece at the same id %d/%d%n"
                + "  held-out lines segmented identically %d/%d = %.4f (identical ids %d)%n",
                VOCAB_SIZE, train.size(), heldOut.size(), common, refPieces.size(), overlap, sameId, refPieces.size(),
                sameLines, heldOut.size(), agreement, sameIds);
        assertEquals(refPieces.size(), ours.pieces().size(), "vocabulary size");
        assertTrue(overlap >= 0.99, "piece inventory overlap " + overlap);
        assertTrue(agreement >= 0.99, "segmentation agreement " + agreement);
    }

    @Test
    void pythonSentencePieceEncodesHeldOutTextToOurIds() throws Exception {
        String python = TestText.pythonWithSentencePiece();
        if (python == null) {
            System.out.println("SKIPPED Python comparison: no python3 with the sentencepiece module "
                    + "(apt-get install python3-sentencepiece)");
            Assumptions.abort("python3-sentencepiece is not installed");
        }
        List<String> all = TestText.lines();
        Path vocabDir = TestText.trainVocabulary(dir, TestText.every(all, 10, 0, false),
                TrainerOptions.defaults().withVocabSize(VOCAB_SIZE));
        List<String> heldOut = new ArrayList<>(TestText.every(all, 10, 0, true));
        heldOut.add("ሰላም! 123 ABC xyz — ☃ 𝄞 ፲፱፻፺፭ ዓ.ም.");
        // Python gets the text our encode gives SentencePiece: after the normalizer
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        Path heldOutFile = TestText.write(dir.resolve("held-out.txt"),
                heldOut.stream().map(normalizer::normalize).toList());
        Path model = vocabDir.resolve(VocabularyInfo.MODEL_FILE_NAME);
        String out = TestText.run(dir, python, "-c",
                "import sys, sentencepiece as spm\n"
                        + "sp = spm.SentencePieceProcessor(model_file=sys.argv[1])\n"
                        + "for line in open(sys.argv[2], encoding='utf-8'):\n"
                        + "    print(' '.join(map(str, sp.encode(line.rstrip('\\n')))))\n",
                model.toString(), heldOutFile.toString());
        List<String> pythonLines = out.lines().toList();
        assertEquals(heldOut.size(), pythonLines.size(), "lines from Python:\n" + out);
        int same = 0;
        try (Vocabulary vocabulary = Vocabulary.load(vocabDir)) {
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < heldOut.size(); i++) {
                int[] ours = vocabulary.encode(heldOut.get(i));
                int[] theirs = pythonLines.get(i).isBlank() ? new int[0]
                        : Arrays.stream(pythonLines.get(i).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
                if (Arrays.equals(ours, theirs)) {
                    same++;
                } else if (diffs.size() < 5) {
                    diffs.add(heldOut.get(i) + ": " + Arrays.toString(ours) + " vs " + Arrays.toString(theirs));
                }
            }
            System.out.printf(Locale.ROOT, "python3 sentencepiece on our vocabulary.model: %d/%d held-out lines "
                    + "encode to the same ids%n", same, heldOut.size());
            assertEquals(heldOut.size(), same, "lines that differ: " + diffs);
        }
    }
}
