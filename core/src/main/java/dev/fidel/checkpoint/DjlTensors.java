package dev.fidel.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import dev.fidel.FidelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Between DJL's arrays and checkpoint tensors: a block's parameters (by their names in
 * {@code block.getParameters()}) to {@code weights.safetensors} and back, refusing weights that do
 * not fit the model (a missing parameter, one the model does not have, a different shape).
 */
public final class DjlTensors {

    private DjlTensors() {
    }

    /** The array's values as a tensor (float32, int64 or int32). */
    public static Tensor of(NDArray array) {
        long[] shape = array.getShape().getShape();
        DataType type = array.getDataType();
        return switch (type) {
            case FLOAT32 -> Tensor.f32(array.toFloatArray(), shape);
            case INT64 -> Tensor.i64(array.toLongArray(), shape);
            case INT32 -> Tensor.i32(array.toIntArray(), shape);
            default -> throw new IllegalArgumentException("a checkpoint holds float32, int64 and int32 arrays, not " + type);
        };
    }

    /** Named arrays (e.g. an optimizer's moments) as tensors. */
    public static Map<String, Tensor> of(Map<String, NDArray> arrays) {
        Map<String, Tensor> tensors = new TreeMap<>();
        arrays.forEach((name, array) -> tensors.put(name, of(array)));
        return tensors;
    }

    /** Every initialized parameter of a block ({@code block.getParameters()}), by name: what {@code weights.safetensors} holds. */
    public static SafeTensors weights(ParameterList parameters) {
        Map<String, Tensor> tensors = new TreeMap<>();
        for (Pair<String, Parameter> p : parameters) {
            if (tensors.put(p.getKey(), of(p.getValue().getArray())) != null) {
                throw new IllegalArgumentException("the model has two parameters named \"" + p.getKey() + "\"");
            }
        }
        return new SafeTensors(tensors);
    }

    /** The tensor as a new array of {@code manager}. */
    public static NDArray toArray(Tensor tensor, NDManager manager) {
        Shape shape = new Shape(tensor.shape());
        return switch (tensor.dtype()) {
            case F32 -> manager.create(tensor.floats(), shape);
            case I64 -> manager.create(tensor.longs(), shape);
            case I32 -> manager.create(tensor.ints(), shape);
            default -> throw new IllegalArgumentException("cannot make a DJL array of a " + tensor.dtype() + " tensor");
        };
    }

    /**
     * Copies {@code weights} into the block's initialized parameters, after checking that they are the
     * same set with the same shapes; nothing is copied when they are not.
     *
     * @param source what the weights are, for the message (e.g. {@code checkpoint step-000400})
     */
    public static void load(SafeTensors weights, ParameterList parameters, String source) throws FidelException {
        List<String> problems = new ArrayList<>();
        TreeSet<String> unused = new TreeSet<>(weights.tensors().keySet());
        for (Pair<String, Parameter> p : parameters) {
            Tensor tensor = weights.get(p.getKey());
            unused.remove(p.getKey());
            long[] wanted = p.getValue().getArray().getShape().getShape();
            if (tensor == null) {
                problems.add("it has no \"" + p.getKey() + "\" " + Arrays.toString(wanted));
            } else if (tensor.dtype() != Tensor.DType.F32) {
                problems.add("\"" + p.getKey() + "\" is " + tensor.dtype() + ", not F32");
            } else if (!Arrays.equals(wanted, tensor.shape())) {
                problems.add("\"" + p.getKey() + "\" is " + Arrays.toString(tensor.shape()) + " but the model's is " + Arrays.toString(wanted));
            }
        }
        unused.forEach(name -> problems.add("it has \"" + name + "\" " + Arrays.toString(weights.get(name).shape()) + ", which the model does not"));
        if (!problems.isEmpty()) {
            throw new FidelException("the weights of " + source + " do not fit the model (" + problems.size() + " problem(s)): "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 10)))
                    + (problems.size() > 10 ? "; ..." : "") + ": the checkpoint was trained with another model configuration");
        }
        for (Pair<String, Parameter> p : parameters) {
            p.getValue().getArray().set(weights.get(p.getKey()).floats());
        }
    }
}
