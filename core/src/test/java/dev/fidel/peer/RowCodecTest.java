package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.checkpoint.Tensor.DType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Composed rows of F16 and BF16 tensors: values survive the round trip to the precision of the type (seeded random cases). */
class RowCodecTest {

    @Test
    void halfAndBfloatRoundTripToTheirPrecision() {
        Random random = new Random(11);
        byte[] cell = new byte[2];
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6));
            RowCodec.put(cell, 0, DType.F16, x);
            float half = RowCodec.get(cell, 0, DType.F16);
            if (Math.abs(x) >= 0x1p-14f && Math.abs(x) < 65504f) {
                assertTrue(Math.abs(half - x) <= Math.abs(x) * 0x1p-11f, x + " -> " + half);
            } else if (Math.abs(x) < 0x1p-14f) {
                assertTrue(Math.abs(half - x) <= 0x1p-25f, "subnormal " + x + " -> " + half);
            }
            RowCodec.put(cell, 0, DType.BF16, x);
            float bf = RowCodec.get(cell, 0, DType.BF16);
            assertTrue(Math.abs(bf - x) <= Math.abs(x) * 0x1p-8f, x + " -> " + bf);
        }
    }

    @Test
    void exactHalfValuesAndLimitsAreKept() {
        byte[] cell = new byte[2];
        for (float x : new float[] {0f, 1f, -2f, 0.5f, 65504f, 0x1p-14f, 0x1p-24f, 1.5f, -0.333251953125f}) {
            RowCodec.put(cell, 0, DType.F16, x);
            assertEquals(x, RowCodec.get(cell, 0, DType.F16), "F16 " + x);
        }
        RowCodec.put(cell, 0, DType.F16, 1e6f);
        assertEquals(Float.POSITIVE_INFINITY, RowCodec.get(cell, 0, DType.F16));
        RowCodec.put(cell, 0, DType.F16, Float.NaN);
        assertTrue(Float.isNaN(RowCodec.get(cell, 0, DType.F16)));
    }
}
