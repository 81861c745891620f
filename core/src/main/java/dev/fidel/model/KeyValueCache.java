package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * One block's keys and values during incremental decoding, kept split by head ({@code [rows, heads, capacity, headWidth]})
 * in buffers written in place: a new position costs its own keys and values, not a copy of all earlier ones, and the
 * attention reads the filled part as a view with no copy either. The buffers double when full.
 */
final class KeyValueCache {

    private NDArray keys;
    private NDArray values;
    private int length;

    /**
     * Appends {@code [rows, heads, n, headWidth]} keys and values; returns views of every position so far,
     * {@code [keys, values]}.
     */
    NDArray[] append(NDArray newKeys, NDArray newValues) {
        int n = (int) newKeys.getShape().get(2);
        if (keys == null || length + n > keys.getShape().get(2)) {
            grow(newKeys, Math.max(2 * (length + n), length + n + 64));
        }
        NDIndex next = new NDIndex(":, :, {}:{}, :", length, length + n);
        keys.set(next, newKeys);
        values.set(next, newValues);
        length += n;
        NDIndex filled = new NDIndex(":, :, :{}, :", length);
        return new NDArray[] {keys.get(filled), values.get(filled)};
    }

    /** Keeps only the rows in {@code index} (an int array of row numbers). */
    void retain(NDArray index) {
        keys = keys.get(index);
        values = values.get(index);
    }

    /** The buffers (the state a decoding step keeps). */
    List<NDArray> arrays() {
        return keys == null ? List.of() : List.of(keys, values);
    }

    private void grow(NDArray like, int capacity) {
        Shape shape = new Shape(like.getShape().get(0), like.getShape().get(1), capacity, like.getShape().get(3));
        NDArray k = like.getManager().zeros(shape, like.getDataType());
        NDArray v = like.getManager().zeros(shape, like.getDataType());
        if (keys != null) {
            NDIndex old = new NDIndex(":, :, :{}, :", length);
            k.set(old, keys.get(old));
            v.set(old, values.get(old));
        }
        keys = k;
        values = v;
    }
}
