package dev.fidel.checkpoint;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.distinctLists;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.stringsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Any set of tensors comes back bit for bit, in a header the reference implementation would write. */
class SafeTensorsPropertiesTest {

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./\u1200\"\\";

    @Test
    void anyTensorsRoundTripBitForBit() {
        forAll(150, distinctLists(stringsOf(NAME_CHARS, 1, 12), 0, 8).and(ANY.integers(0, 3)).and(ANY.longs()).trials(),
                c -> roundTrip(c._1(), c._2(), c._3()));
    }

    private static void roundTrip(List<String> names, int rank, long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new TreeMap<>();
        for (String name : names) {
            if (name.equals("__metadata__")) {
                continue;
            }
            long[] shape = new long[random.nextInt(rank + 1)];
            int count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = random.nextInt(4);
                count *= (int) shape[i];
            }
            byte[] bytes = new byte[count * 8];
            random.nextBytes(bytes); // every bit pattern, NaNs and subnormals included
            Tensor.DType dtype = List.of(Tensor.DType.F32, Tensor.DType.I64, Tensor.DType.I32, Tensor.DType.U8).get(random.nextInt(4));
            tensors.put(name, new Tensor(dtype, shape, java.util.Arrays.copyOf(bytes, count * dtype.bytes())));
        }
        SafeTensors written = new SafeTensors(new TreeMap<>(tensors), new TreeMap<>(Map.of("seed", Long.toString(seed))));
        Path file = Files.createTempFile("fidel", ".safetensors");
        try {
            written.write(file);
            SafeTensors read = SafeTensors.read(file);
            assertEquals(written, read);
            for (String name : tensors.keySet()) {
                assertArrayEquals(tensors.get(name).bytes(), read.get(name).bytes(), name);
            }
            byte[] all = Files.readAllBytes(file);
            long headerLength = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLength % 8);
            assertArrayEquals(written.header(), java.util.Arrays.copyOfRange(all, 8, 8 + (int) headerLength));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
