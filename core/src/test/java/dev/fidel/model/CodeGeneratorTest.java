package dev.fidel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fidel.util.TorchEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {

    @Test
    void cachedDecodingGivesTheSameLogitsAsRecomputingTheWholeSequence() {
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = SpeechGptTest.tinyModel(manager, 11);
            ParameterStore ps = new ParameterStore(manager, false);
            TtsExample example = SpeechGptTest.examples(1, 9).get(0);
            GptConfig config = model.config();
            int[] withEnds = new int[example.text().length + 2];
            withEnds[0] = config.textStart();
            System.arraycopy(example.text(), 0, withEnds, 1, example.text().length);
            withEnds[withEnds.length - 1] = config.textStop();
            SpeechGpt.Decoding decoding = model.startDecoding(ps,
                    manager.create(TtsBatch.referenceWindow(example.reference(), 5), new Shape(1, 5, config.mels())),
                    manager.create(withEnds, new Shape(1, withEnds.length)));
            int[] codes = {3, 7, 7, 1, 12};
            for (int n = 0; n <= codes.length; n++) {
                float[] cached = decoding.nextCodeLogits().toFloatArray();
                int[] soFar = java.util.Arrays.copyOf(codes, n);
                TtsBatch batch = TtsBatch.of(manager, config,
                        List.of(new TtsExample("x", example.reference(), example.text(), soFar)), 5);
                NDArray full = model.logits(ps, batch, false)[1].get(new NDIndex("0, {}", n));
                assertArrayEquals(full.toFloatArray(), cached, 1e-4f, "position " + n);
                if (n < codes.length) {
                    decoding.append(codes[n]);
                }
            }
            CodeGenerator.Result result = new CodeGenerator(model, ps).greedy(manager, example.reference(), 5,
                    example.text(), 4);
            // Each greedy code is the arg-max of the recomputed logits at its position (start code excluded).
            int[] generated = result.codes();
            TtsBatch batch = TtsBatch.of(manager, config,
                    List.of(new TtsExample("x", example.reference(), example.text(), generated)), 5);
            NDArray logits = model.logits(ps, batch, false)[1];
            for (int n = 0; n < generated.length; n++) {
                NDArray row = logits.get(new NDIndex("0, {}, :{}", n, config.codeStart()));
                assertEquals((int) row.argMax().getLong(), generated[n], "code " + n);
            }
        }
    }

    @Test
    void aBatchGivesEachRowTheLogitsItGetsAloneAndDroppingRowsKeepsTheOthers() {
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = SpeechGptTest.tinyModel(manager, 12);
            ParameterStore ps = new ParameterStore(manager, false);
            GptConfig config = model.config();
            List<TtsExample> examples = SpeechGptTest.examples(1, 4);
            // Texts of different lengths: the shorter rows are padded, and the padding must never be seen.
            int[][] texts = {withEnds(config, new int[] {1, 2, 3}), withEnds(config, new int[] {9, 8, 7, 6, 5, 4}),
                withEnds(config, new int[] {0, 5, 5, 2})};
            NDArray reference = manager.create(TtsBatch.referenceWindow(examples.get(0).reference(), 5),
                    new Shape(1, 5, config.mels()));
            SpeechGpt.Decoding batch = model.startDecoding(ps, reference, texts);
            SpeechGpt.Decoding[] alone = new SpeechGpt.Decoding[3];
            for (int r = 0; r < 3; r++) {
                alone[r] = model.startDecoding(ps, reference, new int[][] {texts[r]});
            }
            int[][] codes = {{3, 7, 7, 1, 12, 5}, {2, 2, 9, 4, 0, 6}, {15, 1, 3, 3, 8, 2}};
            int[] rows = {0, 1, 2};
            for (int n = 0; n < 6; n++) {
                if (n == 3) {
                    rows = new int[] {0, 2};   // row 1 stopped
                    batch.retain(new int[] {0, 2});
                }
                float[] logits = batch.nextCodeLogits().toFloatArray();
                int width = logits.length / rows.length;
                assertEquals(rows.length, batch.rows());
                int[] next = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    float[] own = alone[rows[i]].nextCodeLogits().toFloatArray();
                    assertArrayEquals(own, java.util.Arrays.copyOfRange(logits, i * width, (i + 1) * width), 1e-4f,
                            "row " + rows[i] + " position " + n);
                    next[i] = codes[rows[i]][n];
                    alone[rows[i]].append(next[i]);
                }
                batch.append(next);
            }
        }
    }

    private static int[] withEnds(GptConfig config, int[] text) {
        int[] out = new int[text.length + 2];
        out[0] = config.textStart();
        System.arraycopy(text, 0, out, 1, text.length);
        out[out.length - 1] = config.textStop();
        return out;
    }
}
