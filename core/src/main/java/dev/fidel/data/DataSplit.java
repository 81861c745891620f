package dev.fidel.data;

import dev.fidel.util.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Train, validation and test, 90/5/5, decided by the SHA-256 of the utterance id alone: adding or
 * removing other utterances never moves one from one split to another.
 */
public enum DataSplit {
    TRAIN("train"),
    VAL("val"),
    TEST("test");

    private final String fileStem;

    DataSplit(String fileStem) {
        this.fileStem = fileStem;
    }

    /** {@code train}, {@code val} or {@code test}: the split's file is {@code <name>.jsonl}. */
    public String fileStem() {
        return fileStem;
    }

    public static DataSplit of(String id) {
        byte[] h = Sha256.digest().digest(id.getBytes(StandardCharsets.UTF_8));
        long first = ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
        long bucket = first * 100 >>> 32; // 0..99, uniform
        return bucket < 90 ? TRAIN : bucket < 95 ? VAL : TEST;
    }
}
