package dev.fidel.peer;

import dev.fidel.checkpoint.Tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Rows of a float matrix in its stored element type (F32, F16, BF16, F64), decoded to float and encoded back. */
final class RowCodec {

    private RowCodec() {
    }

    static boolean supports(DType dtype) {
        return dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16 || dtype == DType.F64;
    }

    /** Element {@code index} of {@code bytes}. */
    static float get(byte[] bytes, long index, DType dtype) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = Math.toIntExact(index * dtype.bytes());
        return switch (dtype) {
            case F32 -> b.getFloat(at);
            case F64 -> (float) b.getDouble(at);
            case BF16 -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            case F16 -> halfToFloat(b.getShort(at));
            default -> throw new IllegalArgumentException(dtype + " is not a float type");
        };
    }

    /** Stores {@code value} as element {@code index} of {@code bytes}, rounded to nearest even. */
    static void put(byte[] bytes, long index, DType dtype, float value) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = Math.toIntExact(index * dtype.bytes());
        switch (dtype) {
            case F32 -> b.putFloat(at, value);
            case F64 -> b.putDouble(at, value);
            case BF16 -> {
                int bits = Float.floatToRawIntBits(value);
                int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
                b.putShort(at, (short) (Float.isNaN(value) ? 0x7fc0 : rounded >>> 16));
            }
            case F16 -> b.putShort(at, floatToHalf(value));
            default -> throw new IllegalArgumentException(dtype + " is not a float type");
        }
    }

    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        float abs = Math.abs(f);
        if (Float.isNaN(f)) {
            return (short) (sign | 0x7e00);
        }
        if (abs >= 65520f) {
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x1p-14f) {
            return (short) (sign | Math.round(abs * 0x1p24f));
        }
        int e = Math.getExponent(abs);
        int mant = Math.round((abs / (float) Math.scalb(1.0, e) - 1f) * 1024f);
        if (mant == 1024) {
            mant = 0;
            e++;
        }
        return (short) (sign | ((e + 15) << 10) | mant);
    }
}
