package dev.fidel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format: round trips, the reference layout, and every way a file can be refused. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    private static SafeTensors sample() {
        Map<String, Tensor> tensors = new TreeMap<>();
        tensors.put("weight", Tensor.f32(new float[] {1.5f, -2f, Float.MIN_VALUE, Float.NaN, 0f, 3.25f}, 2, 3));
        tensors.put("bias", Tensor.f32(new float[] {0.5f, -0.25f}, 2));
        tensors.put("step", Tensor.scalar(123_456_789_012L));
        tensors.put("ids", Tensor.i32(new int[] {7, -1, Integer.MAX_VALUE}, 3));
        tensors.put("empty", Tensor.f32(new float[0], 0, 4));
        return new SafeTensors(new TreeMap<>(tensors), new TreeMap<>(Map.of("format", "pt", "fidel", "\u1348\u12f0\u120d")));
    }

    @Test
    void roundTripKeepsEveryBitAndTheMetadata() throws Exception {
        Path file = dir.resolve("a.safetensors");
        SafeTensors written = sample();
        written.write(file);
        SafeTensors read = SafeTensors.read(file);
        assertEquals(written, read);
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(read.get("weight").floats()[3]));
        assertEquals(123_456_789_012L, read.get("step").longs()[0]);
        assertArrayEquals(new long[0], read.get("step").shape());
        assertArrayEquals(new int[] {7, -1, Integer.MAX_VALUE}, read.get("ids").ints());
    }

    @Test
    void headerIsCompactSortedAndPaddedWithSpacesToEightBytes() throws Exception {
        Path file = dir.resolve("a.safetensors");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"fidel\":\"\u1348\u12f0\u120d\",\"format\":\"pt\"},\"bias\":{\"dtype\":\"F32\","
                + "\"shape\":[2],\"data_offsets\":[0,8]},\"empty\":"), header);
        assertTrue(header.stripTrailing().endsWith("}"), header);
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '));
        // Tensors follow in name order, back to back: bias, empty, ids, step, weight.
        assertEquals(8 + n + 8 + 0 + 12 + 8 + 24, bytes.length);
    }

    // --- refusals: each names the file and, where there is one, the tensor ---

    private Path file(String header, int dataBytes) throws IOException {
        return raw(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private Path raw(byte[] header, int dataBytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(header.length).put(header);
        Path file = dir.resolve("broken.safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    private static String refusal(Path file) {
        FidelException e = assertThrows(FidelException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesATensorBeyondTheEndOfTheFile() throws Exception {
        String m = refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8));
        assertTrue(m.contains("tensor \"w\"") && m.contains("beyond the 8 data bytes"), m);
    }

    @Test
    void refusesOverlappingTensors() throws Exception {
        String m = refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertTrue(m.contains("tensor \"b\"") && m.contains("overlaps tensor \"a\""), m);
    }

    @Test
    void refusesAHoleAndBytesNoTensorAccountsFor() throws Exception {
        String hole = refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        assertTrue(hole.contains("tensor \"a\" starts at 4"), hole);
        String trailing = refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12));
        assertTrue(trailing.contains("8 bytes after the last tensor"), trailing);
    }

    @Test
    void refusesAnUnknownDtype() throws Exception {
        String m = refusal(file("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16));
        assertTrue(m.contains("tensor \"w\"") && m.contains("unknown dtype \"F128\""), m);
    }

    @Test
    void refusesAShapeThatDoesNotMatchTheByteLength() throws Exception {
        String m = refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}", 16));
        assertTrue(m.contains("tensor \"w\"") && m.contains("needs 24 bytes") && m.contains("hold 16"), m);
        String negative = refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(negative.contains("non-negative"), negative);
        String huge = refusal(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8));
        assertTrue(huge.contains("too large"), huge);
    }

    @Test
    void refusesAnInsaneHeaderLengthAndATruncatedHeader() throws Exception {
        Path file = dir.resolve("x.safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
        assertTrue(refusal(file).contains("declares a header of " + Long.MAX_VALUE));
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(400).array());
        assertTrue(refusal(file).contains("it is truncated"));
        Files.write(file, new byte[5]);
        assertTrue(refusal(file).contains("too short"));
    }

    @Test
    void refusesAHeaderThatIsNotTheFormatsJson() throws Exception {
        assertTrue(refusal(file("[1,2]   ", 0)).contains("not a JSON object"));
        assertTrue(refusal(file("{\"w\":", 0)).contains("not valid JSON"));
        assertTrue(refusal(raw(new byte[] {'{', (byte) 0xff, '}', ' '}, 0)).contains("not UTF-8"));
        String duplicate = refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(duplicate.contains("Duplicate field 'w'"), duplicate);
        String extra = refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"code\":\"rm -rf\"}}", 4));
        assertTrue(extra.contains("tensor \"w\" has an unknown field \"code\""), extra);
        String meta = refusal(file("{\"__metadata__\":{\"n\":1}}", 0));
        assertTrue(meta.contains("\"n\" that is not a string"), meta);
    }

    @Test
    void reportsAFileCutShortInItsData() throws Exception {
        Path file = dir.resolve("a.safetensors");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        String m = refusal(file);
        assertTrue(m.contains("tensor \"weight\"") && m.contains("beyond"), m);
    }
}
