package dev.fidel.recognition.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file that whisper.cpp could crash on is refused in Java, with a message naming file and fault. */
class GgmlModelFileTest {

    @TempDir
    Path dir;

    private FidelException refused(Path file, String... fragments) {
        FidelException e = assertThrows(FidelException.class, () -> GgmlModelFile.validate(file));
        assertEquals(WhisperSettings.MODEL_SETTING, e.setting());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
        return e;
    }

    private Path truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
        return file;
    }

    /** Overwrites the little-endian int32 at {@code offset}. */
    private Path poke(Path file, long offset, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
        return file;
    }

    @Test
    void aCompleteModelPassesAndReportsItsHeader() throws Exception {
        Path file = new SyntheticModel().write(dir.resolve("ggml-mini.bin"));
        GgmlModelFile model = GgmlModelFile.validate(file);
        assertEquals(7 + 15 + 4 + 24, model.tensors());
        assertEquals(64, model.hyperParameters().audioState());
        assertTrue(model.hyperParameters().multilingual());
        assertEquals(Files.size(file), model.size());
    }

    @Test
    void aMissingFileIsNamed() {
        refused(dir.resolve("ggml-small.bin"), "does not exist");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        refused(Files.createFile(dir.resolve("empty.bin")), "is empty (0 bytes)");
    }

    @Test
    void randomBytesHaveNoMagic() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(5).nextBytes(noise);
        noise[0] = 0; // not by chance "ggml"
        refused(Files.write(dir.resolve("noise.bin"), noise), "does not start with the ggml magic 0x67676d6c");
    }

    @Test
    void aGitLfsPointerIsRecognised() throws Exception {
        Path pointer = Files.writeString(dir.resolve("ggml-base.bin"),
                "version https://git-lfs.github.com/spec/v1\noid sha256:60ed5bc3\nsize 147951465\n");
        refused(pointer, "Git LFS pointer");
    }

    @Test
    void ggufIsRefusedWithItsOwnMessage() throws Exception {
        Path gguf = Files.write(dir.resolve("model.gguf"), "GGUF\3\0\0\0padding".getBytes(StandardCharsets.US_ASCII));
        refused(gguf, "GGUF", "legacy ggml");
    }

    @Test
    void aFileCutInsideTheHeaderIsTruncated() throws Exception {
        Path file = truncate(new SyntheticModel().write(dir.resolve("cut.bin")), 20);
        refused(file, "is truncated", "ends at byte 20", "n_audio_layer");
    }

    @Test
    void aValidHeaderWithoutTensorsIsIncomplete() throws Exception {
        SyntheticModel headerOnly = new SyntheticModel();
        headerOnly.tensorLimit = 0;
        // whisper.cpp itself loads this as an "empty model for testing" and later aborts.
        refused(headerOnly.write(dir.resolve("header-only.bin")), "holds 0 of the 50 tensors");
    }

    @Test
    void aFileCutInsideTensorDataNamesTheTensor() throws Exception {
        Path file = new SyntheticModel().write(dir.resolve("half.bin"));
        long size = Files.size(file);
        refused(truncate(file, size / 2), "is truncated: tensor 'decoder.token_embedding.weight' needs",
                "the file ends at byte " + size / 2);
    }

    @Test
    void aFileMissingItsLastByteIsTruncated() throws Exception {
        Path file = new SyntheticModel().write(dir.resolve("short.bin"));
        refused(truncate(file, Files.size(file) - 1), "is truncated", "decoder.blocks.0.cross_attn.out.bias");
    }

    @Test
    void insaneHyperParametersAreNamed() throws Exception {
        String[] names = {"n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx",
            "n_text_state", "n_text_head", "n_text_layer", "n_mels", "ftype"};
        int[] insane = {-1, 1 << 30, 0, 100_000, 1000, 1 << 20, -64, 0, 500, 4096, 4};
        for (int i = 0; i < names.length; i++) {
            Path file = poke(new SyntheticModel().write(dir.resolve(names[i] + ".bin")), 4 + 4L * i, insane[i]);
            String expected = i == 6 ? "n_text_state" : names[i] + " = " + insane[i];
            refused(file, expected);
        }
    }

    @Test
    void mismatchedStatesAreRefused() throws Exception {
        SyntheticModel model = new SyntheticModel();
        model.header[6] = 128; // n_text_state != n_audio_state: whisper.cpp only asserts this in debug builds
        refused(model.write(dir.resolve("states.bin")), "n_text_state 128 != n_audio_state 64");
    }

    @Test
    void aTensorWithTooManyDimensionsIsRefused() throws Exception {
        // whisper.cpp reads extents into int32_t ne[4]; n_dims = 1000 crashed a JVM with SIGSEGV (measured).
        Path file = new SyntheticModel().write(dir.resolve("dims.bin"));
        long firstTensor = 4 + 11 * 4 + 8 + 80 * 201 * 4 + 4 + 4 + 1;
        refused(poke(file, firstTensor, 1000), "with 1000 dimensions");
    }

    @Test
    void aVocabularyWithoutTheBlankTokenIsRefused() throws Exception {
        SyntheticModel model = new SyntheticModel();
        model.tokens = new String[] {"a"};
        // whisper.cpp aborts (std::out_of_range from map::at) on such a model as soon as it decodes.
        refused(model.write(dir.resolve("no-blank.bin")), "without the blank token");
    }

    @Test
    void aWrongTensorSizeIsNamed() throws Exception {
        SyntheticModel model = new SyntheticModel();
        Path file = model.write(dir.resolve("size.bin"));
        // The first tensor (encoder.positional_embedding, extents [64, 1500]): claim 1499 rows.
        long extents = 4 + 11 * 4 + 8 + 80 * 201 * 4 + 4 + 4 + 1 + 12;
        refused(poke(file, extents + 4, 1499), "'encoder.positional_embedding' with 95936 elements", "96000");
    }

    @Test
    void everyHeaderTheSyntheticModelsUseMatchesWhisperCppsTensorCount() {
        // whisper.cpp: 10 + 15 + 15 * n_audio_layer + 24 * n_text_layer context slots, of which
        // 7 + 15 * n_audio_layer encoder and 4 + 24 * n_text_layer decoder tensors are loaded.
        SyntheticModel model = new SyntheticModel();
        model.header[4] = 4;
        model.header[8] = 4;
        assertEquals(7 + 15 * 4 + 4 + 24 * 4, GgmlModelFile.expectedTensors(model.hyperParameters()).size());
    }
}
