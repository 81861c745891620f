package dev.fidel.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named array as safetensors stores it: an element type, a shape and the raw little-endian
 * bytes. Immutable: the factories and accessors copy.
 */
public final class Tensor {

    /** The element types of the safetensors format that this reader knows, with their width in bytes. */
    public enum DType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }
    }

    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    /** A tensor over {@code data} (little-endian, row-major); the byte length must match the shape. */
    public Tensor(DType dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long count = elementCount(this.shape);
        if (count * dtype.bytes() != data.length) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + count * dtype.bytes() + " bytes, not " + data.length);
        }
        this.data = data.clone();
    }

    public static Tensor f32(float[] values, long... shape) {
        ByteBuffer buffer = buffer(values.length, 4);
        buffer.asFloatBuffer().put(values);
        return checked(DType.F32, shape, buffer.array());
    }

    /** A [rows][columns] matrix, rows of equal length. */
    public static Tensor f32(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + columns);
            }
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return f32(flat, rows.length, columns);
    }

    public static Tensor i64(long[] values, long... shape) {
        ByteBuffer buffer = buffer(values.length, 8);
        buffer.asLongBuffer().put(values);
        return checked(DType.I64, shape, buffer.array());
    }

    public static Tensor i32(int[] values, long... shape) {
        ByteBuffer buffer = buffer(values.length, 4);
        buffer.asIntBuffer().put(values);
        return checked(DType.I32, shape, buffer.array());
    }

    /** A single 64-bit integer (shape []), e.g. a step counter. */
    public static Tensor scalar(long value) {
        return i64(new long[] {value});
    }

    /** A tensor over fresh bytes, checked against the shape, without a copy. */
    private static Tensor checked(DType dtype, long[] shape, byte[] fresh) {
        long[] dims = shape.clone();
        if (elementCount(dims) * dtype.bytes() != fresh.length) {
            throw new IllegalArgumentException(fresh.length / dtype.bytes() + " values do not fill the shape " + Arrays.toString(shape));
        }
        return new Tensor(dtype, dims, fresh, true);
    }

    /** Wraps bytes that the reader has just read and checked against the shape, without a copy. */
    static Tensor wrap(DType dtype, long[] shape, byte[] data) {
        return new Tensor(dtype, shape, data, true);
    }

    private Tensor(DType dtype, long[] shape, byte[] data, boolean checked) {
        assert checked && elementCount(shape) * dtype.bytes() == data.length;
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public int byteLength() {
        return data.length;
    }

    /** The raw little-endian bytes (a copy). */
    public byte[] bytes() {
        return data.clone();
    }

    /** Writes the raw bytes without a copy. */
    void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(data);
    }

    public float[] floats() {
        require(DType.F32);
        float[] values = new float[data.length / 4];
        view().asFloatBuffer().get(values);
        return values;
    }

    public long[] longs() {
        require(DType.I64);
        long[] values = new long[data.length / 8];
        view().asLongBuffer().get(values);
        return values;
    }

    public int[] ints() {
        require(DType.I32);
        int[] values = new int[data.length / 4];
        view().asIntBuffer().get(values);
        return values;
    }

    private ByteBuffer view() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void require(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("the tensor is " + dtype + ", not " + wanted);
        }
    }

    private static ByteBuffer buffer(int count, int width) {
        return ByteBuffer.allocate(Math.multiplyExact(count, width)).order(ByteOrder.LITTLE_ENDIAN);
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
