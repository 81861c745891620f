package dev.fidel.checkpoint;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;

/** Any set of tensors comes back bit for bit, in a header the reference implementation would write. */
class SafeTensorsPropertiesTest {

    @Property(tries = 150)
    void anyTensorsRoundTripBitForBit(
            @ForAll @Size(max = 8) @UniqueElements List<@StringLength(min = 1, max = 12) @AlphaChars @NumericChars
                    @Chars({'_', '.', '/', '\u1200', '"', '\\'}) String> names,
            @ForAll @IntRange(max = 3) int rank, @ForAll long seed) throws Exception {
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
