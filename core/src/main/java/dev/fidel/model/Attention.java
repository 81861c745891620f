package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fidel.util.GraphScalars;

/** Multi-head scaled dot-product attention and its masks, written out (DJL 0.34 has no tril or fused attention). */
public final class Attention {

    private Attention() {
    }

    /**
     * Attends {@code q} ({@code [B, Tq, d]}) over {@code k}, {@code v} ({@code [B, Tk, d]}) with {@code heads}
     * heads. {@code bias} (from {@link #bias}, broadcastable to {@code [B, heads, Tq, Tk]}) is added to the
     * scores: 0 where a query may see a key, -1e9 where not; null means every key is visible.
     */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray bias) {
        return attendHeads(q, splitHeads(k, heads), splitHeads(v, heads), heads, bias);
    }

    /** {@link #attend} with keys and values already split by head ({@code [B, heads, Tk, d / heads]}). */
    static NDArray attendHeads(NDArray q, NDArray kh, NDArray vh, int heads, NDArray bias) {
        long batch = q.getShape().get(0);
        long width = q.getShape().get(2);
        long headWidth = width / heads;
        NDArray qh = splitHeads(q, heads);
        NDArray scores = GraphScalars.times(qh.matMul(kh.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(headWidth));
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray mixed = scores.softmax(-1).matMul(vh);
        return mixed.transpose(0, 2, 1, 3).reshape(batch, -1, width);
    }

    /**
     * The additive score bias for a boolean mask: 0 where allowed, -1e9 where not. Computed once per
     * forward pass ({@link NDArrays#where} in DJL 0.34 does not broadcast, so the shapes are made equal).
     */
    public static NDArray bias(NDArray allowed) {
        NDManager manager = allowed.getManager();
        NDArray open = manager.zeros(allowed.getShape(), DataType.FLOAT32);
        NDArray closed = manager.full(allowed.getShape(), -1e9f, DataType.FLOAT32);
        return NDArrays.where(allowed, open, closed);
    }

    /** {@code [T, T]} boolean: query i may see key j iff j <= i. */
    public static NDArray causal(NDManager manager, long length) {
        NDArray positions = manager.arange((int) length);
        return positions.reshape(length, 1).gte(positions.reshape(1, length));
    }

    /** {@code [B, 1, T, T]} boolean: causal and the key is not padding ({@code keyValid} is {@code [B, T]} boolean). */
    public static NDArray causalOverValidKeys(NDArray keyValid) {
        long batch = keyValid.getShape().get(0);
        long length = keyValid.getShape().get(1);
        NDArray causal = causal(keyValid.getManager(), length).reshape(1, 1, length, length);
        return causal.logicalAnd(keyValid.reshape(batch, 1, 1, length));
    }

    /** {@code [B, T]} boolean: position t is valid iff t < lengths[b] ({@code lengths} int, {@code [B]}). */
    public static NDArray validPositions(NDArray lengths, long length) {
        NDArray positions = lengths.getManager().arange((int) length).toType(DataType.INT32, false)
                .reshape(new Shape(1, length));
        return positions.lt(lengths.toType(DataType.INT32, false).reshape(-1, 1));
    }

    static NDArray splitHeads(NDArray x, int heads) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        long headWidth = x.getShape().get(2) / heads;
        return x.reshape(batch, length, heads, headWidth).transpose(0, 2, 1, 3);
    }
}
