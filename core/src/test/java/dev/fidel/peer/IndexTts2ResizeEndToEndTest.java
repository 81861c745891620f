package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocabulary.TestText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two halves together for IndexTTS2: a unigram bpe.model trained by python's sentencepiece (bos 0, eos 1,
 * unk 2, as IndexTTS2's), extended by {@link SentencePieceExtender}, and a python3-torch gpt.pth with the
 * pieces + 1 spare text rows, resized and loaded back by torch.
 */
class IndexTts2ResizeEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aRealExtendedBpeModelResizesAGptPthWithItsSpareRowLast() throws Exception {
        String python = PythonTorch.python();
        Path text = Files.write(dir.resolve("base.txt"), SentencePieceExtensionTest.baseLines(3000), StandardCharsets.UTF_8);
        Process spm = new ProcessBuilder(python, "-c", "import sys, sentencepiece as spm\n"
                + "spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=300, model_type='unigram',"
                + " bos_id=0, eos_id=1, unk_id=2, pad_id=-1, character_coverage=1.0, hard_vocab_limit=False)\n",
                text.toString(), dir.resolve("bpe").toString()).redirectErrorStream(true).start();
        String log = new String(spm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(spm.waitFor() == 0, "python3-sentencepiece is not installed: " + log.lines()
                .reduce((a, b) -> b).orElse(""));
        Path baseModel = Files.move(dir.resolve("bpe.model"), Files.createDirectories(dir.resolve("base")).resolve("bpe.model"));
        SentencePiecePeer base = (SentencePiecePeer) PeerTokenizers.read(baseModel);
        SentencePieceExtender.Extension ext = SentencePieceExtender.extend(base.model(), TestText.lines(), "", base.rows() + 300, 16,
                EventSink.NONE);
        Path extended = Files.write(Files.createDirectories(dir.resolve("extended")).resolve("bpe.model"), ext.model().toBytes());
        Path fixtures = Files.createDirectories(dir.resolve("fixtures"));
        PythonTorch.run(dir, "make", fixtures.toString(), "20", "" + base.rows(), "16");

        ResizeRecord record = new CheckpointResize(EventSink.NONE).run(new CheckpointResize.Request(fixtures.resolve("gpt.pth"), baseModel,
                extended, fixtures.resolve("config.yaml"), dir.resolve("out"), NormalizerProfile.amharic(), false)).record();

        ResizeRecord.Rows rows = record.rows();
        System.out.println("IndexTTS2-like base + Amharic: " + rows);
        assertEquals(base.rows() + 1, rows.before());
        assertEquals(base.rows() + 301, rows.after());
        assertEquals(base.rows(), rows.copied());
        assertEquals(1, rows.spare());
        assertTrue(rows.romanized() > 250, "Ethiopic pieces start from their romanization: " + rows);
        try (TorchCheckpoint before = TorchCheckpoint.open(fixtures.resolve("gpt.pth"));
                TorchCheckpoint after = TorchCheckpoint.open(dir.resolve("out/gpt.pth"))) {
            byte[] old = before.read(before.tensors().get("text_head.weight"));
            byte[] now = after.read(after.tensors().get("text_head.weight"));
            int row = 16 * 4;
            assertArrayEquals(Arrays.copyOf(old, base.rows() * row), Arrays.copyOf(now, base.rows() * row));
            assertArrayEquals(Arrays.copyOfRange(old, old.length - row, old.length), Arrays.copyOfRange(now, now.length - row, now.length),
                    "the spare row is the last row");
        }
        assertTrue(Files.readString(dir.resolve("out/config.yaml")).contains("number_text_tokens: " + (base.rows() + 300) + "  #"));
        JsonNode loaded = PythonTorch.load(dir, dir.resolve("out/gpt.pth"));
        assertEquals("[" + (base.rows() + 301) + ",16]", loaded.get("shapes").get("text_embedding.weight").toString());
        assertEquals("[" + (base.rows() + 301) + "]", loaded.get("shapes").get("text_head.bias").toString());
    }
}
