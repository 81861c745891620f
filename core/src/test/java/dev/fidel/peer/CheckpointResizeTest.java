package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.event.EventSink;
import dev.fidel.peer.PeerTokenizer.Format;
import dev.fidel.peer.TorchCheckpoint.TorchTensor;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * resize-checkpoint on fixture checkpoints that Debian's python3-torch writes in the peers' real layouts
 * (XTTS: {'config': a pickled XttsConfig, 'model': state dict, 'optimizer', 'step'}; IndexTTS2: a plain
 * UnifiedVoice state dict with its spare text row), through small stand-in tokenizers.
 */
class CheckpointResizeTest {

    static final int XTTS_ROWS = 20;
    static final int INDEX_TOKENS = 16;
    static final int DIM = 8;

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeFixtures() throws Exception {
        PythonTorch.python();
        PythonTorch.run(fixtures, "make", fixtures.toString(), "" + XTTS_ROWS, "" + INDEX_TOKENS, "" + DIM);
    }

    // --- XTTS v2

    @Test
    void xttsRowsAreKeptByIdAndNewRowsComposedRomanizedOrRandomByString() throws Exception {
        Tokenizers t = xttsTokenizers();
        Path out = dir.resolve("xtts-am");
        ResizeRecord record = resize(t, fixtures.resolve("model.pth"), fixtures.resolve("config.json"), out).record();

        assertEquals(new ResizeRecord.Rows(20, 25, 20, 2, 2, 1, 0), record.rows());
        assertEquals(List.of("\u2603"), record.randomTokens());
        try (TorchCheckpoint base = TorchCheckpoint.open(fixtures.resolve("model.pth"));
                TorchCheckpoint resized = TorchCheckpoint.open(out.resolve("model.pth"))) {
            for (String name : List.of("gpt.text_embedding.weight", "gpt.text_head.weight", "gpt.text_head.bias")) {
                TorchTensor before = base.tensors().get(name);
                TorchTensor after = resized.tensors().get(name);
                assertEquals(25, after.shape()[0], name);
                byte[] old = base.read(before);
                byte[] now = resized.read(after);
                assertArrayEquals(old, Arrays.copyOf(now, old.length), name + ": every base row byte-identical at its id");
                int width = before.shape().length == 2 ? DIM : 1;
                // "ab" (id 22) is the mean of "a" (5) and "b" (6); "[am]" (20) the mean of [en] (3) and [es] (4)
                assertRowMean(now, width, 22, 5, 6);
                assertRowMean(now, width, 20, 3, 4);
                // "ሰላም" (21) -> "salam": s unknown to the base, so the mean of a, l, a, m
                assertRowMean(now, width, 21, 5, 16, 5, 17);
            }
            for (TorchTensor t2 : base.tensors().values()) {
                if (!t2.name().contains("text_")) {
                    assertArrayEquals(base.read(t2), resized.read(resized.tensors().get(t2.name())), t2.name() + " unchanged");
                }
            }
            // the safetensors twin holds the same bytes
            SafeTensors twin = SafeTensors.read(out.resolve("model.safetensors"));
            assertEquals(resized.tensors().keySet(), twin.tensors().keySet());
            for (TorchTensor t2 : resized.tensors().values()) {
                assertArrayEquals(resized.read(t2), twin.get(t2.name()).bytes(), t2.name());
            }
        }
        assertTrue(record.dropped().stream().anyMatch(d -> d.startsWith("config (a pickled TTS.tts.configs.xtts_config.XttsConfig")),
                record.dropped().toString());
        assertTrue(record.dropped().stream().anyMatch(d -> d.startsWith("optimizer")), record.dropped().toString());

        JsonNode config = Json.MAPPER.readTree(out.resolve("config.json").toFile());
        assertEquals(25, config.get("model_args").get("gpt_number_text_tokens").asInt());
        assertEquals("[\"en\",\"es\",\"am\"]", config.get("languages").toString());
        assertArrayEquals(Files.readAllBytes(t.extended.file()), Files.readAllBytes(out.resolve("vocab.json")));

        // torch itself loads it with weights_only=True: {'model': state dict}, the shapes XTTS's GPT expects for 25 tokens
        JsonNode loaded = PythonTorch.load(dir, out.resolve("model.pth"));
        assertEquals("[\"model\"]", loaded.get("keys").toString());
        assertEquals("[25,8]", loaded.get("shapes").get("gpt.text_embedding.weight").toString());
        assertEquals("[25,8]", loaded.get("shapes").get("gpt.text_head.weight").toString());
        assertEquals("[25]", loaded.get("shapes").get("gpt.text_head.bias").toString());
        assertEquals("torch.float16", loaded.get("dtypes").get("gpt.gpt.h.0.ln_1.weight").asText());
        assertEquals(9, loaded.get("shapes").size());
    }

    @Test
    void aSecondRunIsUpToDateAndAnotherTokenizerIsRefusedByIdentity() throws Exception {
        Tokenizers t = xttsTokenizers();
        Path out = dir.resolve("xtts-am");
        assertFalse(resize(t, fixtures.resolve("model.pth"), fixtures.resolve("config.json"), out).upToDate());
        assertTrue(resize(t, fixtures.resolve("model.pth"), fixtures.resolve("config.json"), out).upToDate());

        ResizeRecord.requireTokenizer(out, t.extended.file(), NormalizerProfile.amharic(), "tokenizer");
        FidelException e = assertThrows(FidelException.class, () -> ResizeRecord.requireTokenizer(out, t.base.file(), null, "tokenizer"));
        String identity = dev.fidel.util.Sha256.of(t.extended.file());
        assertTrue(e.getMessage().contains(identity) && e.getMessage().contains(dev.fidel.util.Sha256.of(t.base.file())), e.getMessage());
        NormalizerProfile other = NormalizerProfile.amharic().with(NormalizerProfile.Flag.values()[0],
                !NormalizerProfile.amharic().has(NormalizerProfile.Flag.values()[0]));
        FidelException drift = assertThrows(FidelException.class, () -> ResizeRecord.requireTokenizer(out, t.extended.file(), other,
                "tokenizer"));
        assertTrue(drift.getMessage().contains(other.sha256()) && drift.getMessage().contains(NormalizerProfile.amharic().sha256()),
                drift.getMessage());
    }

    @Test
    void aBaseTokenizerThatIsNotTheCheckpointsIsRefused() throws Exception {
        Tokenizers t = xttsTokenizers();
        FakeTokenizer shorter = new FakeTokenizer(Format.XTTS_VOCAB_JSON, t.base.file(), t.base.tokens().subList(0, 19), t.base.specials(), 1);
        FidelException e = assertThrows(FidelException.class, () -> resize(new Tokenizers(shorter, t.extended),
                fixtures.resolve("model.pth"), fixtures.resolve("config.json"), dir.resolve("out")));
        assertEquals("baseTokenizer", e.setting());
        assertTrue(e.getMessage().contains("has 20 text rows") && e.getMessage().contains("hold 19"), e.getMessage());
    }

    @Test
    void anExtendedTokenizerThatMovesABaseIdIsRefused() throws Exception {
        Tokenizers t = xttsTokenizers();
        List<String> moved = new ArrayList<>(t.extended.tokens());
        moved.set(5, "b");
        moved.set(6, "a");
        FakeTokenizer bad = new FakeTokenizer(Format.XTTS_VOCAB_JSON, t.extended.file(), moved, t.extended.specials(), 1);
        FidelException e = assertThrows(FidelException.class, () -> resize(new Tokenizers(t.base, bad), fixtures.resolve("model.pth"),
                fixtures.resolve("config.json"), dir.resolve("out")));
        assertTrue(e.getMessage().contains("'b' at id 5 where <baseTokenizer> has 'a'"), e.getMessage());
    }

    @Test
    void aFileOfTheUsersInTheOutputFolderIsNeverOverwritten() throws Exception {
        Tokenizers t = xttsTokenizers();
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("model.pth"), "my own model");
        FidelException e = assertThrows(FidelException.class, () -> resize(t, fixtures.resolve("model.pth"), fixtures.resolve("config.json"), out));
        assertTrue(e.getMessage().contains("model.pth"), e.getMessage());
        assertEquals("my own model", Files.readString(out.resolve("model.pth")));
    }

    // --- IndexTTS2

    @Test
    void indexTts2KeepsItsSpareRowLastAndItsConfigByteForByteButTheCount() throws Exception {
        List<String> pieces = new ArrayList<>(List.of("<s>", "</s>", "<unk>", "\u2581"));
        for (char c = 'a'; pieces.size() < INDEX_TOKENS; c++) {
            pieces.add(String.valueOf(c));
        }
        FakeTokenizer base = new FakeTokenizer(Format.SENTENCEPIECE_MODEL, write("base.model", "base"), pieces, Set.of(0, 1, 2), 2);
        FakeTokenizer extended = base.extended(write("bpe.model", "extended"), List.of("\u2581\u1230\u120b\u121d", "ab", "\u1208"), Set.of());
        Path out = dir.resolve("index-am");
        ResizeRecord record = resize(new Tokenizers(base, extended), fixtures.resolve("gpt.pth"), fixtures.resolve("config.yaml"), out)
                .record();

        assertEquals(new ResizeRecord.Rows(17, 20, 16, 1, 2, 0, 1), record.rows());
        try (TorchCheckpoint before = TorchCheckpoint.open(fixtures.resolve("gpt.pth"));
                TorchCheckpoint after = TorchCheckpoint.open(out.resolve("gpt.pth"))) {
            assertEquals(TorchCheckpoint.Layout.STATE_DICT, after.layout());
            for (String name : List.of("text_embedding.weight", "text_head.weight", "text_head.bias")) {
                byte[] old = before.read(before.tensors().get(name));
                byte[] now = after.read(after.tensors().get(name));
                int rowBytes = old.length / 17;
                assertArrayEquals(Arrays.copyOf(old, 16 * rowBytes), Arrays.copyOf(now, 16 * rowBytes), name + ": token rows kept");
                assertArrayEquals(Arrays.copyOfRange(old, 16 * rowBytes, 17 * rowBytes), Arrays.copyOfRange(now, 19 * rowBytes, 20 * rowBytes),
                        name + ": the spare row stays last");
            }
        }
        try (TorchCheckpoint after = TorchCheckpoint.open(out.resolve("gpt.pth"))) {
            // a slice at an offset of a shared storage and a transposed view come out as plain row-major tensors
            assertArrayEquals(TorchCheckpointTest.floats(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                    after.read(after.tensors().get("mel_head.bias")));
            assertArrayEquals(new long[] {4, 3}, after.tensors().get("final_norm.weight").shape());
            assertArrayEquals(TorchCheckpointTest.floats(20, 24, 28, 21, 25, 29, 22, 26, 30, 23, 27, 31),
                    after.read(after.tensors().get("final_norm.weight")));
        }
        String was = Files.readString(fixtures.resolve("config.yaml"));
        String now = Files.readString(out.resolve("config.yaml"));
        assertEquals(was.replace("number_text_tokens: 16  #", "number_text_tokens: 19  #"), now);
        assertTrue(now.contains("semantic_codec:\n    number_text_tokens: 99"));
        assertTrue(Files.isRegularFile(out.resolve("bpe.model")) && Files.isRegularFile(out.resolve("gpt.safetensors")));

        JsonNode loaded = PythonTorch.load(dir, out.resolve("gpt.pth"));
        assertTrue(loaded.get("keys").isNull(), "a plain state dict, as IndexTTS2's load_checkpoint reads it");
        assertEquals("[20,8]", loaded.get("shapes").get("text_embedding.weight").toString());
        assertEquals("[20]", loaded.get("shapes").get("text_head.bias").toString());
        assertEquals("[4,3]", loaded.get("shapes").get("final_norm.weight").toString());
        assertEquals(306.0, loaded.get("sums").get("final_norm.weight").asDouble(), 1e-9);
    }

    // --- helpers

    record Tokenizers(FakeTokenizer base, FakeTokenizer extended) {
    }

    private Tokenizers xttsTokenizers() throws IOException {
        List<String> tokens = new ArrayList<>(List.of("[STOP]", "[UNK]", "[SPACE]", "[en]", "[es]"));
        for (char c = 'a'; tokens.size() < XTTS_ROWS; c++) {
            tokens.add(String.valueOf(c));
        }
        FakeTokenizer base = new FakeTokenizer(Format.XTTS_VOCAB_JSON, write("base-vocab.json", "base"), tokens, Set.of(0, 1, 2, 3, 4), 1);
        FakeTokenizer extended = base.extended(write("vocab.json", "extended"),
                List.of("[am]", "\u1230\u120b\u121d", "ab", "\u1230", "\u2603"), Set.of(20));
        return new Tokenizers(base, extended);
    }

    private CheckpointResize.Outcome resize(Tokenizers t, Path checkpoint, Path config, Path out) throws FidelException {
        Map<Path, PeerTokenizer> byFile = new HashMap<>();
        byFile.put(t.base.file(), t.base);
        byFile.put(t.extended.file(), t.extended);
        return new CheckpointResize(EventSink.NONE, byFile::get).run(new CheckpointResize.Request(checkpoint, t.base.file(),
                t.extended.file(), config, out, NormalizerProfile.amharic(), false));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertRowMean(byte[] matrix, int width, int row, int... sources) {
        ByteBuffer b = ByteBuffer.wrap(matrix).order(ByteOrder.LITTLE_ENDIAN);
        for (int d = 0; d < width; d++) {
            double sum = 0;
            for (int s : sources) {
                sum += b.getFloat((s * width + d) * 4);
            }
            assertEquals((float) (sum / sources.length), b.getFloat((row * width + d) * 4), 1e-7, "row " + row + " element " + d);
        }
    }
}
