package dev.fidel.recognition.whisper;

/**
 * The ggml tensor types a whisper.cpp model file can hold, with their storage layout: {@code blockSize}
 * values take {@code blockBytes} bytes (ggml.c's type traits). Ids are ggml's {@code enum ggml_type}.
 */
enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210);

    final int id;
    final int blockSize;
    final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** The type with ggml id {@code id}, or null when whisper.cpp models do not use it. */
    static GgmlType byId(int id) {
        for (GgmlType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }

    /**
     * The weight type of a model's {@code ftype} header field (ggml's {@code ggml_ftype_to_ggml_type},
     * after whisper.cpp strips the quantization version), or null when whisper.cpp refuses it.
     */
    static GgmlType ofFileType(int ftype) {
        switch (ftype) {
            case 0: return F32;
            case 1: return F16;
            case 2: return Q4_0;
            case 3: return Q4_1;
            case 7: return Q8_0;
            case 8: return Q5_0;
            case 9: return Q5_1;
            case 10: return Q2_K;
            case 11: return Q3_K;
            case 12: return Q4_K;
            case 13: return Q5_K;
            case 14: return Q6_K;
            default: return null;
        }
    }

    /** Bytes that {@code elements} values of this type take. */
    long bytes(long elements) {
        return elements / blockSize * blockBytes;
    }
}
