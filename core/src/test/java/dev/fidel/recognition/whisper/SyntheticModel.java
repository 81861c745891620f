package dev.fidel.recognition.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes small whisper.cpp model files in the legacy ggml layout, all weights zero, one vocabulary token (" "): a 1-layer,
 * 64-wide multilingual model of about 7 MB (F16 weights) that has every tensor the loader expects.
 * Test-only: no real Whisper model can be downloaded here.
 */
final class SyntheticModel {

    int[] header = {51865, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 1};
    int magic = GgmlModelFile.GGML_MAGIC;
    /** The vocabulary tokens written (whisper.cpp names the others itself); " " is the blank token. */
    String[] tokens = {" "};
    /** Element values that are not zero, by tensor name and element index (F32 and F16 tensors). */
    final Map<String, Map<Long, Float>> values = new HashMap<>();
    /** Tensors stored in another type than whisper.cpp expects (the walk stays consistent). */
    final Map<String, GgmlType> types = new HashMap<>();
    /** Write only the first {@code tensorLimit} tensors. */
    int tensorLimit = Integer.MAX_VALUE;

    GgmlModelFile.HyperParameters hyperParameters() {
        int[] h = header;
        return new GgmlModelFile.HyperParameters(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10]);
    }

    Path write(Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = little(4 * (1 + header.length + 2));
            head.putInt(magic);
            for (int value : header) {
                head.putInt(value);
            }
            int mels = header[9];
            head.putInt(mels).putInt(GgmlModelFile.FFT_BINS);
            writeAll(out, head);
            zeros(out, 4L * mels * GgmlModelFile.FFT_BINS);
            writeAll(out, little(4).putInt(tokens.length));
            for (String token : tokens) {
                byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
                writeAll(out, little(4 + bytes.length).putInt(bytes.length).put(bytes));
            }
            if (header[2] != header[6] || header[2] < 1) {
                return file;
            }
            GgmlType weights = GgmlType.ofFileType(header[10] % 1000);
            int written = 0;
            for (Map.Entry<String, Long> tensor : GgmlModelFile.expectedTensors(hyperParameters()).entrySet()) {
                if (written++ == tensorLimit) {
                    break;
                }
                String name = tensor.getKey();
                long elements = tensor.getValue();
                GgmlType type = types.getOrDefault(name, typeOf(name, weights));
                long[] extents = extentsOf(name, elements);
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                ByteBuffer record = little(12 + 4 * extents.length + nameBytes.length);
                record.putInt(extents.length).putInt(nameBytes.length).putInt(type.id);
                for (long extent : extents) {
                    record.putInt((int) extent);
                }
                record.put(nameBytes);
                writeAll(out, record);
                Map<Long, Float> set = values.get(name);
                if (set == null) {
                    zeros(out, type.bytes(elements));
                } else {
                    ByteBuffer data = little((int) type.bytes(elements));
                    set.forEach((index, value) -> {
                        if (type == GgmlType.F32) {
                            data.putFloat((int) (4 * index), value);
                        } else {
                            data.putShort((int) (2 * index), half(value));
                        }
                    });
                    data.position(data.capacity());
                    writeAll(out, data);
                }
            }
        }
        return file;
    }

    /** whisper.cpp's types: convolutions F16 (F32 in an F32 model), matrices the weight type, the rest F32. */
    private GgmlType typeOf(String name, GgmlType weights) {
        if (name.endsWith("conv1.weight") || name.endsWith("conv2.weight")) {
            return weights == GgmlType.F32 ? GgmlType.F32 : GgmlType.F16;
        }
        boolean matrix = name.endsWith("token_embedding.weight")
                || (name.endsWith(".weight") && !isNorm(name));
        return matrix ? weights : GgmlType.F32;
    }

    /**
     * A model whose decoder always says vocabulary token 1 and then stops: the final layer norm outputs
     * its bias (its weight is zero), e_0, and the token embedding scores token 1 at 20 and end-of-text
     * at 40. whisper.cpp forbids end-of-text as the first token, so the transcript is token 1.
     */
    static SyntheticModel saying(String word) {
        SyntheticModel model = new SyntheticModel();
        model.tokens = new String[] {" ", word};
        long state = model.header[2];
        long endOfText = 50257; // multilingual vocabulary
        model.values.put("decoder.ln.bias", Map.of(0L, 1f));
        model.values.put("decoder.token_embedding.weight", Map.of(1 * state, 20f, endOfText * state, 40f));
        return model;
    }

    /** IEEE half precision of a normal float (or zero). */
    private static short half(float value) {
        int bits = Float.floatToIntBits(value);
        if ((bits & 0x7fffffff) == 0) {
            return (short) (bits >>> 16);
        }
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        return (short) (sign | exponent << 10 | (bits & 0x7fffff) >>> 13);
    }

    private static boolean isNorm(String name) {
        return name.contains("ln_post.") || name.contains("_ln.") || name.startsWith("decoder.ln.");
    }

    /** Row length first, as ggml stores extents; shapes as whisper.cpp creates them. */
    private long[] extentsOf(String name, long elements) {
        long state = header[2];
        if (name.contains("conv")) {
            return name.endsWith("bias") ? new long[] {1, state} : new long[] {3, elements / 3 / state, state};
        }
        if (name.endsWith("bias") || isNorm(name)) {
            return new long[] {elements};
        }
        if (name.endsWith("mlp.2.weight")) {
            return new long[] {4 * state, state};
        }
        return new long[] {state, elements / state};
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeAll(FileChannel out, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void zeros(FileChannel out, long count) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
        while (count > 0) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), count));
            while (zeros.hasRemaining()) {
                count -= out.write(zeros);
            }
        }
    }
}
