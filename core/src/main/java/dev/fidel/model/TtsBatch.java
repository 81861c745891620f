package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A padded batch. Text rows are {@code [textStart, text..., textStop, pad...]} and code rows
 * {@code [codeStart, codes..., codeStop, pad...]}; padding repeats the stop id and is masked out of
 * attention and loss by the lengths (which count start and stop). References are cropped or tiled to
 * the same frame count.
 */
public record TtsBatch(NDArray reference, NDArray text, NDArray textLengths, NDArray codes, NDArray codeLengths,
        long codeTokens) {

    public static TtsBatch of(NDManager manager, GptConfig config, List<TtsExample> examples, int referenceFrames) {
        int b = examples.size();
        int textWidth = examples.stream().mapToInt(e -> e.text().length).max().orElse(0) + 2;
        int codeWidth = examples.stream().mapToInt(e -> e.codes().length).max().orElse(0) + 2;
        int mels = config.mels();
        float[] reference = new float[b * referenceFrames * mels];
        int[] text = new int[b * textWidth];
        int[] textLengths = new int[b];
        int[] codes = new int[b * codeWidth];
        int[] codeLengths = new int[b];
        long codeTokens = 0;
        for (int i = 0; i < b; i++) {
            TtsExample e = examples.get(i);
            float[] window = referenceWindow(e.reference(), referenceFrames);
            System.arraycopy(window, 0, reference, i * referenceFrames * mels, window.length);
            fillRow(text, i * textWidth, textWidth, e.text(), config.textStart(), config.textStop());
            textLengths[i] = e.text().length + 2;
            fillRow(codes, i * codeWidth, codeWidth, e.codes(), config.codeStart(), config.codeStop());
            codeLengths[i] = e.codes().length + 2;
            codeTokens += e.codes().length + 1;
        }
        return new TtsBatch(
                manager.create(reference, new Shape(b, referenceFrames, mels)),
                manager.create(text, new Shape(b, textWidth)),
                manager.create(textLengths),
                manager.create(codes, new Shape(b, codeWidth)),
                manager.create(codeLengths),
                codeTokens);
    }

    /** {@code frames} frames of a reference, flattened: a centered crop of a long one, a short one tiled. */
    public static float[] referenceWindow(float[][] reference, int frames) {
        int mels = reference[0].length;
        float[] out = new float[frames * mels];
        int offset = Math.max(0, (reference.length - frames) / 2);
        for (int f = 0; f < frames; f++) {
            System.arraycopy(reference[(offset + f) % reference.length], 0, out, f * mels, mels);
        }
        return out;
    }

    public NDList inputs() {
        return new NDList(reference, text, textLengths, codes, codeLengths);
    }

    private static void fillRow(int[] out, int offset, int width, int[] tokens, int start, int stop) {
        out[offset] = start;
        System.arraycopy(tokens, 0, out, offset + 1, tokens.length);
        for (int j = tokens.length + 1; j < width; j++) {
            out[offset + j] = stop;
        }
    }
}
