package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * Greedy autoregressive code generation with a key/value cache: the conditioning and the text are run
 * once, then one position per code until the stop code or {@code maxCodes}.
 */
public final class CodeGenerator {

    /** The codes, and whether the model ended them with its stop code (false: cut at maxCodes). */
    public record Result(int[] codes, boolean stopped) {
    }

    private final SpeechGpt model;
    private final ParameterStore ps;

    public CodeGenerator(SpeechGpt model, ParameterStore ps) {
        this.model = model;
        this.ps = ps;
    }

    /**
     * {@code reference} is a normalized mel {@code [frames][mels]}, windowed to {@code referenceFrames} as in
     * training ({@link TtsBatch#referenceWindow}); {@code text} has no start/stop tokens.
     */
    public Result greedy(NDManager manager, float[][] reference, int referenceFrames, int[] text, int maxCodes) {
        GptConfig config = model.config();
        try (NDScope scope = new NDScope()) {
            float[] flat = TtsBatch.referenceWindow(reference, referenceFrames);
            int[] withEnds = new int[text.length + 2];
            withEnds[0] = config.textStart();
            System.arraycopy(text, 0, withEnds, 1, text.length);
            withEnds[text.length + 1] = config.textStop();
            SpeechGpt.Decoding decoding = model.startDecoding(ps,
                    manager.create(flat, new Shape(1, referenceFrames, config.mels())),
                    manager.create(withEnds, new Shape(1, withEnds.length)));
            int[] codes = new int[maxCodes];
            for (int n = 0; n < maxCodes; n++) {
                NDArray logits = decoding.nextCodeLogits();
                // The start code is never a valid output; it is masked out of the choice.
                logits.set(new NDIndex("{}", config.codeStart()), -1e9f);
                int next = (int) logits.argMax().getLong();
                if (next == config.codeStop()) {
                    return new Result(Arrays.copyOf(codes, n), true);
                }
                codes[n] = next;
                decoding.append(next);
            }
            return new Result(codes, false);
        }
    }
}
