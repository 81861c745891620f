package dev.fidel.recognition.whisper;

import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whisper.cpp model file, checked in pure Java before any native code sees it. whisper.cpp's loader
 * trusts the file: a bad header or a truncated file can crash the process. This class walks the whole
 * layout that loader reads (whisper.cpp {@code whisper_model_load}, legacy ggml format, little-endian):
 *
 * <ol>
 *   <li>magic {@code 0x67676d6c} ("ggml");
 *   <li>eleven int32 hyper-parameters ({@link HyperParameters});
 *   <li>mel filters: int32 {@code n_mel}, int32 {@code n_fft}, {@code n_mel * n_fft} float32;
 *   <li>vocabulary: int32 count, then per token a uint32 length and that many bytes (it must hold
 *       the blank token " ", which whisper.cpp looks up unchecked);
 *   <li>tensors until the end of the file: int32 {@code n_dims}, int32 name length, int32 ggml type,
 *       {@code n_dims} int32 extents, the name, then the data.
 * </ol>
 *
 * Every tensor must be one the header implies, with the element count the header implies, and its
 * data must lie inside the file; all of them must be present. So a truncated file is caught to the
 * byte, not by a size guess. GGUF files ("GGUF") are refused with their own message: whisper.cpp
 * 1.7.1 (what whisper-jni 1.7.1 bundles) reads only the legacy ggml format.
 */
public final class GgmlModelFile {

    /** "ggml" as whisper.cpp reads it: a little-endian uint32. */
    static final int GGML_MAGIC = 0x67676d6c;
    /** "GGUF" read the same way. */
    static final int GGUF_MAGIC = 0x46554747;
    /** Whisper's audio context: 30 s of 10 ms frames, halved by the second convolution. */
    static final int AUDIO_CONTEXT = 1500;
    /** Frequency bins of whisper's 400-point FFT, the width of the stored mel filters. */
    static final int FFT_BINS = 201;
    static final int MAX_TEXT_CONTEXT = 448;
    static final int MAX_STATE = 4096;
    static final int MAX_HEADS = 64;
    static final int MAX_LAYERS = 64;
    static final int ENGLISH_VOCABULARY = 51864;
    static final int MAX_VOCABULARY = 51866;
    private static final int MAX_TOKEN_BYTES = 1024;
    private static final int MAX_NAME_BYTES = 256;
    private static final int QUANTIZATION_VERSION_FACTOR = 1000;
    private static final int MAX_QUANTIZATION_VERSION = 2;

    /**
     * The header's hyper-parameters, in file order. Published models: tiny 384/6/4, base 512/8/6,
     * small 768/12/12, medium 1024/16/24, large 1280/20/32 (state/heads/layers); vocabulary 51,864
     * (English-only), 51,865 (multilingual) or 51,866 (large-v3); 80 mels (128 for large-v3).
     *
     * @param fileType the weight type code, {@code quantization version * 1000 + ggml ftype}
     */
    public record HyperParameters(
            int vocabulary, int audioContext, int audioState, int audioHeads, int audioLayers,
            int textContext, int textState, int textHeads, int textLayers, int mels, int fileType) {

        /** True unless the model is English-only; only a multilingual model knows language {@code am}. */
        public boolean multilingual() {
            return vocabulary > ENGLISH_VOCABULARY;
        }

        /** The weight type of the big matrices. */
        GgmlType weightType() {
            return GgmlType.ofFileType(fileType % QUANTIZATION_VERSION_FACTOR);
        }
    }

    private final Path path;
    private final HyperParameters hyperParameters;
    private final long size;
    private final int tensors;

    private GgmlModelFile(Path path, HyperParameters hyperParameters, long size, int tensors) {
        this.path = path;
        this.hyperParameters = hyperParameters;
        this.size = size;
        this.tensors = tensors;
    }

    public Path path() {
        return path;
    }

    public HyperParameters hyperParameters() {
        return hyperParameters;
    }

    /** Bytes in the file. */
    public long size() {
        return size;
    }

    /** Tensors in the file (all the header implies). */
    public int tensors() {
        return tensors;
    }

    /**
     * Checks {@code path} as described on the class.
     *
     * @throws FidelException naming the file, what is wrong, and the setting {@code whisperModel}
     */
    public static GgmlModelFile validate(Path path) throws FidelException {
        if (!Files.exists(path)) {
            throw problem(path, "does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw problem(path, "is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw problem(path, "is not readable");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Walk(path, channel).run();
        } catch (IOException e) {
            throw new FidelException("Cannot read the Whisper model " + path + ": " + e.getMessage(),
                    WhisperSettings.MODEL_SETTING, e);
        }
    }

    static FidelException problem(Path path, String what) {
        return new FidelException("The Whisper model " + path + " " + what + ". Set "
                + WhisperSettings.MODEL_SETTING + " to a whisper.cpp ggml model (ggml-*.bin, as written by"
                + " whisper.cpp's models/convert-pt-to-ggml.py or download-ggml-model.sh).",
                WhisperSettings.MODEL_SETTING, null);
    }

    /** One pass over the file, reading through a small buffer and seeking over tensor data. */
    private static final class Walk {
        private final Path path;
        private final FileChannel channel;
        private final long size;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long bufferStart;

        Walk(Path path, FileChannel channel) throws IOException {
            this.path = path;
            this.channel = channel;
            this.size = channel.size();
            buffer.limit(0);
        }

        GgmlModelFile run() throws IOException, FidelException {
            if (size == 0) {
                throw problem(path, "is empty (0 bytes)");
            }
            if (size < 4) {
                throw problem(path, "is " + size + " bytes long, too short for a model");
            }
            int magic = int32("the magic number");
            if (magic == GGUF_MAGIC) {
                throw problem(path, "is a GGUF file; whisper.cpp 1.7.1 (bundled by whisper-jni) reads only"
                        + " the legacy ggml format (magic 'ggml')");
            }
            if (magic != GGML_MAGIC) {
                throw problem(path, "does not start with the ggml magic 0x67676d6c (found 0x"
                        + String.format("%08x", magic) + textHint());
            }
            HyperParameters hp = new HyperParameters(int32("n_vocab"), int32("n_audio_ctx"),
                    int32("n_audio_state"), int32("n_audio_head"), int32("n_audio_layer"), int32("n_text_ctx"),
                    int32("n_text_state"), int32("n_text_head"), int32("n_text_layer"), int32("n_mels"),
                    int32("ftype"));
            checkHyperParameters(hp);

            int filterMels = int32("the mel filter count");
            int filterBins = int32("the mel filter width");
            if (filterMels != hp.mels() || filterBins != FFT_BINS) {
                throw problem(path, "has mel filters of " + filterMels + " x " + filterBins + ", expected "
                        + hp.mels() + " x " + FFT_BINS);
            }
            skip(4L * filterMels * filterBins, "the mel filters");

            int tokens = int32("the vocabulary size");
            if (tokens < 0 || tokens > hp.vocabulary()) {
                throw problem(path, "lists " + tokens + " vocabulary tokens, outside 0.." + hp.vocabulary());
            }
            boolean space = false;
            for (int i = 0; i < tokens; i++) {
                int length = int32("the length of vocabulary token " + i);
                if (length < 0 || length > MAX_TOKEN_BYTES) {
                    throw problem(path, "has vocabulary token " + i + " of length " + Integer.toUnsignedString(length)
                            + " at byte " + (position() - 4) + " (at most " + MAX_TOKEN_BYTES + ")");
                }
                if (length == 1) {
                    space |= bytes(1, "vocabulary token " + i)[0] == ' ';
                } else {
                    skip(length, "vocabulary token " + i);
                }
            }
            if (!space) {
                // whisper.cpp looks the blank token up with map::at when it suppresses blanks (its default):
                // without one it throws std::out_of_range and aborts the process.
                throw problem(path, "has a vocabulary of " + tokens + " tokens without the blank token ' '");
            }

            Map<String, Long> expected = expectedTensors(hp);
            int total = expected.size();
            while (position() < size) {
                readTensor(expected);
            }
            if (!expected.isEmpty()) {
                throw problem(path, "holds " + (total - expected.size()) + " of the " + total
                        + " tensors its header implies (first missing: '" + expected.keySet().iterator().next()
                        + "'): it is truncated or incomplete");
            }
            return new GgmlModelFile(path, hp, size, total);
        }

        private void checkHyperParameters(HyperParameters hp) throws FidelException {
            if (hp.vocabulary() < ENGLISH_VOCABULARY || hp.vocabulary() > MAX_VOCABULARY) {
                throw insane("n_vocab", hp.vocabulary(), ENGLISH_VOCABULARY + ".." + MAX_VOCABULARY);
            }
            if (hp.audioContext() != AUDIO_CONTEXT) {
                throw insane("n_audio_ctx", hp.audioContext(), String.valueOf(AUDIO_CONTEXT));
            }
            range("n_audio_state", hp.audioState(), MAX_STATE);
            range("n_audio_head", hp.audioHeads(), MAX_HEADS);
            range("n_audio_layer", hp.audioLayers(), MAX_LAYERS);
            range("n_text_ctx", hp.textContext(), MAX_TEXT_CONTEXT);
            range("n_text_state", hp.textState(), MAX_STATE);
            range("n_text_head", hp.textHeads(), MAX_HEADS);
            range("n_text_layer", hp.textLayers(), MAX_LAYERS);
            if (hp.textState() != hp.audioState()) {
                throw problem(path, "has n_text_state " + hp.textState() + " != n_audio_state " + hp.audioState()
                        + " (whisper.cpp requires them equal)");
            }
            if (hp.audioState() % hp.audioHeads() != 0 || hp.textState() % hp.textHeads() != 0) {
                throw problem(path, "has a state size " + hp.audioState() + " not divisible by its head counts "
                        + hp.audioHeads() + " / " + hp.textHeads());
            }
            if (hp.mels() != 80 && hp.mels() != 128) {
                throw insane("n_mels", hp.mels(), "80 or 128");
            }
            int quantizationVersion = hp.fileType() / QUANTIZATION_VERSION_FACTOR;
            if (hp.fileType() < 0 || quantizationVersion > MAX_QUANTIZATION_VERSION || hp.weightType() == null) {
                throw insane("ftype", hp.fileType(), "0-3 or 7-14, plus 1000 x a quantization version <= "
                        + MAX_QUANTIZATION_VERSION);
            }
        }

        private void range(String name, int value, int max) throws FidelException {
            if (value < 1 || value > max) {
                throw insane(name, value, "1.." + max);
            }
        }

        private FidelException insane(String name, int value, String allowed) {
            return problem(path, "has an impossible header: " + name + " = " + value + " (a Whisper model has "
                    + allowed + ")");
        }

        private void readTensor(Map<String, Long> expected) throws IOException, FidelException {
            long start = position();
            int dims = int32("the tensor header at byte " + start);
            int nameLength = int32("the tensor header at byte " + start);
            int typeId = int32("the tensor header at byte " + start);
            if (dims < 1 || dims > 4) {
                // whisper.cpp reads the extents into int32_t ne[4]: more would overwrite its stack.
                throw problem(path, "has a tensor at byte " + start + " with " + dims + " dimensions (1..4)");
            }
            if (nameLength < 1 || nameLength > MAX_NAME_BYTES) {
                throw problem(path, "has a tensor at byte " + start + " with a name of " + nameLength + " bytes");
            }
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) {
                throw problem(path, "has a tensor at byte " + start + " of unknown ggml type " + typeId);
            }
            long elements = 1;
            int first = 0;
            for (int i = 0; i < dims; i++) {
                int extent = int32("the extents of the tensor at byte " + start);
                if (extent < 1) {
                    throw problem(path, "has a tensor at byte " + start + " with extent " + extent);
                }
                first = i == 0 ? extent : first;
                elements *= extent;
                if (elements > Integer.MAX_VALUE) {
                    throw problem(path, "has a tensor at byte " + start + " with more than 2^31 elements");
                }
            }
            String name = new String(bytes(nameLength, "the name of the tensor at byte " + start),
                    StandardCharsets.UTF_8);
            Long wanted = expected.remove(name);
            if (wanted == null) {
                throw problem(path, "has an unexpected or repeated tensor '" + name + "' at byte " + start);
            }
            if (wanted != elements) {
                throw problem(path, "has tensor '" + name + "' with " + elements + " elements; its header implies "
                        + wanted);
            }
            if (first % type.blockSize != 0) {
                throw problem(path, "has tensor '" + name + "' of type " + type + " whose rows (" + first
                        + ") are not whole blocks of " + type.blockSize);
            }
            long bytes = type.bytes(elements);
            if (position() + bytes > size) {
                throw problem(path, "is truncated: tensor '" + name + "' needs " + bytes + " bytes from byte "
                        + position() + ", but the file ends at byte " + size);
            }
            skip(bytes, "tensor '" + name + "'");
        }

        private String textHint() throws IOException {
            channel.position(0);
            ByteBuffer head = ByteBuffer.allocate(32);
            channel.read(head);
            String text = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
            if (text.startsWith("version https://git-lfs")) {
                return "; it is a Git LFS pointer, not the model itself)";
            }
            if (text.trim().startsWith("<")) {
                return "; it looks like an HTML or XML page)";
            }
            return ")";
        }

        long position() {
            return bufferStart + buffer.position();
        }

        private void require(int count, String what) throws IOException, FidelException {
            if (buffer.remaining() >= count) {
                return;
            }
            long at = position();
            if (at + count > size) {
                throw problem(path, "is truncated: it ends at byte " + size + " inside " + what);
            }
            channel.position(at);
            buffer.clear();
            while (buffer.position() < count) {
                if (channel.read(buffer) < 0) {
                    throw problem(path, "is truncated: it ends at byte " + size + " inside " + what);
                }
            }
            buffer.flip();
            bufferStart = at;
        }

        int int32(String what) throws IOException, FidelException {
            require(4, what);
            return buffer.getInt();
        }

        byte[] bytes(int count, String what) throws IOException, FidelException {
            require(count, what);
            byte[] out = new byte[count];
            buffer.get(out);
            return out;
        }

        void skip(long count, String what) throws IOException, FidelException {
            long target = position() + count;
            if (target > size) {
                throw problem(path, "is truncated: it ends at byte " + size + " inside " + what + " (which ends at byte "
                        + target + ")");
            }
            if (count <= buffer.remaining()) {
                buffer.position(buffer.position() + (int) count);
            } else {
                bufferStart = target;
                buffer.limit(0);
            }
        }
    }

    /** Tensor name to element count, in whisper.cpp's order, for the model {@code hp} describes. */
    static Map<String, Long> expectedTensors(HyperParameters hp) {
        long s = hp.audioState();
        Map<String, Long> tensors = new LinkedHashMap<>();
        tensors.put("encoder.positional_embedding", s * hp.audioContext());
        tensors.put("encoder.conv1.weight", 3L * hp.mels() * s);
        tensors.put("encoder.conv1.bias", s);
        tensors.put("encoder.conv2.weight", 3L * s * s);
        tensors.put("encoder.conv2.bias", s);
        tensors.put("encoder.ln_post.weight", s);
        tensors.put("encoder.ln_post.bias", s);
        for (int i = 0; i < hp.audioLayers(); i++) {
            putBlock(tensors, "encoder.blocks." + i + ".", "attn", s);
        }
        long t = hp.textState();
        tensors.put("decoder.positional_embedding", t * hp.textContext());
        tensors.put("decoder.token_embedding.weight", t * hp.vocabulary());
        tensors.put("decoder.ln.weight", t);
        tensors.put("decoder.ln.bias", t);
        for (int i = 0; i < hp.textLayers(); i++) {
            putBlock(tensors, "decoder.blocks." + i + ".", "attn", t);
            putAttention(tensors, "decoder.blocks." + i + ".", "cross_attn", t);
        }
        return tensors;
    }

    /** A residual block: attention with its layer norm, then the 4x MLP with its layer norm (15 tensors). */
    private static void putBlock(Map<String, Long> tensors, String prefix, String attention, long s) {
        tensors.put(prefix + "mlp_ln.weight", s);
        tensors.put(prefix + "mlp_ln.bias", s);
        tensors.put(prefix + "mlp.0.weight", 4 * s * s);
        tensors.put(prefix + "mlp.0.bias", 4 * s);
        tensors.put(prefix + "mlp.2.weight", 4 * s * s);
        tensors.put(prefix + "mlp.2.bias", s);
        putAttention(tensors, prefix, attention, s);
    }

    /** Layer norm, query (with bias), key (no bias), value and output projections (9 tensors). */
    private static void putAttention(Map<String, Long> tensors, String prefix, String attention, long s) {
        tensors.put(prefix + attention + "_ln.weight", s);
        tensors.put(prefix + attention + "_ln.bias", s);
        tensors.put(prefix + attention + ".query.weight", s * s);
        tensors.put(prefix + attention + ".query.bias", s);
        tensors.put(prefix + attention + ".key.weight", s * s);
        tensors.put(prefix + attention + ".value.weight", s * s);
        tensors.put(prefix + attention + ".value.bias", s);
        tensors.put(prefix + attention + ".out.weight", s * s);
        tensors.put(prefix + attention + ".out.bias", s);
    }
}
