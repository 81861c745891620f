package dev.fidel.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars that the autograd graph may keep. DJL's {@code NDArray.mul(Number)} (and every other
 * {@code Number} overload) wraps the number in a tensor over a Java direct buffer, uses it and closes
 * it at once; PyTorch's {@code mul} saves that tensor for the backward pass, which then reads memory
 * the Java side has freed (measured: a gradient of -1.05e37 where 3 was due, in
 * {@code DjlScalarHazardTest}). A scalar made here is allocated by PyTorch and lives as long as the
 * graph holds it. Code in the graph ({@code dev.fidel.model}, {@code dev.fidel.recognition}) uses
 * these; a test scans those packages' bytecode for the {@code Number} overloads.
 */
public final class GraphScalars {

    private GraphScalars() {}

    /** A 0-d tensor of {@code value}, of {@code like}'s type and manager, in memory PyTorch owns. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code x * factor}, safe to differentiate. */
    public static NDArray times(NDArray x, double factor) {
        return x.mul(of(x, factor));
    }

    /** {@code x + value}, safe to differentiate. */
    public static NDArray plus(NDArray x, double value) {
        return x.add(of(x, value));
    }
}
