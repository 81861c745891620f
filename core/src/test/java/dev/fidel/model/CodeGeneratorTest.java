package dev.fidel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {

    @Test
    void cachedDecodingGivesTheSameLogitsAsRecomputingTheWholeSequence() {
        try (NDManager manager = NDManager.newBaseManager()) {
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
}
