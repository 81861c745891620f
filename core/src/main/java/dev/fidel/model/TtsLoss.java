package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.fidel.util.GraphScalars;

/**
 * The model's loss: masked cross-entropy of next-token predictions on the text and on the codes,
 * {@code total = textWeight * text + codeWeight * code}. Padding and the conditioning span never count.
 */
public record TtsLoss(NDArray total, NDArray text, NDArray code) {

    public static TtsLoss of(NDArray[] logits, TtsBatch batch, float textWeight, float codeWeight) {
        NDArray text = shiftedCrossEntropy(logits[0], batch.text(), batch.textLengths());
        NDArray code = shiftedCrossEntropy(logits[1], batch.codes(), batch.codeLengths());
        return new TtsLoss(GraphScalars.times(text, textWeight).add(GraphScalars.times(code, codeWeight)), text, code);
    }

    /**
     * Mean over valid positions of {@code -log p(token[t+1] | ..t)}; position t counts iff
     * {@code t + 1 < length}.
     */
    static NDArray shiftedCrossEntropy(NDArray logits, NDArray tokens, NDArray lengths) {
        long width = tokens.getShape().get(1);
        NDArray predicted = logits.get(new NDIndex(":, :-1, :")).logSoftmax(-1);
        NDArray targets = tokens.get(new NDIndex(":, 1:")).toType(DataType.INT64, false);
        NDArray picked = predicted.gather(targets.expandDims(-1), -1).squeeze(-1);
        NDArray valid = Attention.validPositions(GraphScalars.plus(lengths, -1), width - 1).toType(DataType.FLOAT32, false);
        return picked.mul(valid).sum().neg().div(valid.sum());
    }
}
