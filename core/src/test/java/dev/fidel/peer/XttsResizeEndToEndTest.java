package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocabulary.TestText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two halves together: an XTTS-like base vocab.json extended by train-vocab's extender
 * ({@link XttsVocabularyExtender}), read by {@link PeerTokenizers}, and a model.pth from python3-torch
 * with as many text rows as the base's largest id + 1, resized and loaded back by torch.
 */
class XttsResizeEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aRealExtendedVocabJsonResizesAModelThatTorchLoads() throws Exception {
        PythonTorch.python();
        Path baseVocab = XttsFixture.realistic(dir.resolve("base/vocab.json"), false);
        XttsVocabulary base = (XttsVocabulary) PeerTokenizers.read(baseVocab);
        XttsVocabularyExtender.Extension ext = XttsVocabularyExtender.extend(base, TestText.lines(), "", "[am]", base.rows() + 200, 16);
        Path vocab = Files.write(Files.createDirectories(dir.resolve("extended")).resolve("vocab.json"), ext.json());
        Path fixtures = Files.createDirectories(dir.resolve("fixtures"));
        PythonTorch.run(dir, "make", fixtures.toString(), "" + base.rows(), "10", "16");

        CheckpointResize.Outcome outcome = new CheckpointResize(EventSink.NONE).run(new CheckpointResize.Request(
                fixtures.resolve("model.pth"), baseVocab, vocab, fixtures.resolve("config.json"), dir.resolve("out"),
                NormalizerProfile.amharic(), false));

        ResizeRecord.Rows rows = outcome.record().rows();
        assertEquals(base.rows(), rows.before());
        int added = PeerTokenizers.read(vocab).rows() - base.rows();
        System.out.println("XTTS-like base + Amharic: " + rows);
        assertTrue(added >= 200, "at least the 200 rows asked for: " + added);
        assertEquals(base.rows() + added, rows.after());
        assertEquals(base.rows(), rows.copied());
        assertTrue(rows.romanized() > added * 0.9, "Ethiopic pieces start from their romanization, not at random: " + rows);
        assertTrue(rows.random() < 10, rows + " " + outcome.record().randomTokens());
        assertEquals(added, rows.composed() + rows.romanized() + rows.random());
        try (TorchCheckpoint before = TorchCheckpoint.open(fixtures.resolve("model.pth"));
                TorchCheckpoint after = TorchCheckpoint.open(dir.resolve("out/model.pth"))) {
            byte[] old = before.read(before.tensors().get("gpt.text_embedding.weight"));
            byte[] now = after.read(after.tensors().get("gpt.text_embedding.weight"));
            assertArrayEquals(old, Arrays.copyOf(now, old.length));
        }
        JsonNode loaded = PythonTorch.load(dir, dir.resolve("out/model.pth"));
        assertEquals("[" + (base.rows() + added) + ",16]", loaded.get("shapes").get("gpt.text_embedding.weight").toString());
        assertEquals("[" + (base.rows() + added) + "]", loaded.get("shapes").get("gpt.text_head.bias").toString());
    }
}
