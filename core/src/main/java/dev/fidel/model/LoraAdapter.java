package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.fidel.util.GraphScalars;

/**
 * A low-rank update beside one {@link Linear} projection: {@code y = x W^T + b + scale * (x A^T) B^T}.
 * {@code A [rank, in]} starts as N(0, 1/in) and {@code B [out, rank]} as zeros, so a new adapter leaves
 * the projection's output exactly as it was. Only {@code A} and {@code B} are trained.
 */
public final class LoraAdapter {

    private final Linear projection;
    private final Parameter down;
    private final Parameter up;
    private final float scale;

    LoraAdapter(Linear projection, Parameter down, Parameter up, float scale) {
        this.projection = projection;
        this.down = down;
        this.up = up;
        this.scale = scale;
    }

    /** {@code A [rank, in]}. */
    public Parameter down() {
        return down;
    }

    /** {@code B [out, rank]}. */
    public Parameter up() {
        return up;
    }

    /** The adapted projection's weight {@code W [out, in]}. */
    public Parameter weight() {
        return projection.getParameters().get("weight");
    }

    /** {@code scale * (x A^T) B^T} for {@code x [..., in]}. */
    NDArray delta(ParameterStore ps, NDArray x, boolean training) {
        NDArray a = ps.getValue(down, x.getDevice(), training);
        NDArray b = ps.getValue(up, x.getDevice(), training);
        return GraphScalars.times(x.matMul(a.transpose()).matMul(b.transpose()), scale);
    }

    /** {@code W + scale * B A}: the weight that gives the adapted output with no adapter, as a new array of {@code manager}. */
    public NDArray mergedWeight(NDManager manager) {
        try (NDScope scope = new NDScope()) {
            NDArray merged = weight().getArray().add(GraphScalars.times(up.getArray().matMul(down.getArray()), scale));
            NDScope.unregister(merged);
            merged.attach(manager);
            return merged;
        }
    }
}
