package dev.fidel.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.Tensor.DType;
import dev.fidel.util.Json;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The safetensors format, in pure Java: an 8-byte little-endian header length, a JSON header
 * {@code {"__metadata__": {string: string}, name: {dtype, shape, data_offsets}}} padded with spaces
 * to a multiple of 8 bytes, then the tensors' raw little-endian bytes, back to back. Tensors are
 * written sorted by name. A safetensors file is data: reading it never runs code, and everything
 * in it is checked (offsets inside the file, no overlaps or holes, known dtypes, shapes that match
 * the byte lengths) before a byte of it is used.
 *
 * @param tensors the tensors by name, sorted
 * @param metadata the free-form string pairs of {@code __metadata__}
 */
public record SafeTensors(SortedMap<String, Tensor> tensors, SortedMap<String, String> metadata) {

    /** The header size the reference implementation refuses beyond. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";

    /** Compact and in insertion order, as the reference implementation writes headers. */
    private static final ObjectMapper PLAIN = new ObjectMapper(dev.fidel.util.Json.factory());

    public SafeTensors {
        tensors = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        if (tensors.containsKey(METADATA)) {
            throw new IllegalArgumentException("\"" + METADATA + "\" is reserved and cannot name a tensor");
        }
    }

    public SafeTensors(Map<String, Tensor> tensors) {
        this(new TreeMap<>(tensors), new TreeMap<>());
    }

    public Tensor get(String name) {
        return tensors.get(name);
    }

    /** Writes {@code file}, flushed to the disk. Not atomic by itself: write into a folder that is renamed when complete. */
    public void write(Path file) throws IOException {
        byte[] header = header();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (Tensor tensor : tensors.values()) {
                tensor.writeTo(out);
            }
            out.flush();
            channel.force(true);
        }
    }

    /** Where a streamed tensor's bytes come from when the file is written. */
    public interface ByteSource {
        /** Writes exactly the tensor's bytes (little-endian, row-major). */
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /** A tensor written by {@link #write(Path, SortedMap, Map)} without holding its bytes: its shape and where its bytes come from. */
    public record Streamed(DType dtype, long[] shape, ByteSource source) {
        long byteLength() {
            return Math.multiplyExact(Tensor.elementCount(shape), dtype.bytes());
        }
    }

    /**
     * Writes {@code file} streaming each tensor's bytes from its source, in name order, so memory holds one
     * buffer, never the tensors; flushed to the disk. A source that writes another number of bytes than its
     * shape needs is an error.
     */
    public static void write(Path file, SortedMap<String, Streamed> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Slot> layout = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> layout.put(name, new Slot(t.dtype(), t.shape(), t.byteLength())));
        byte[] header = header(new TreeMap<>(metadata), layout);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            while (length.hasRemaining()) {
                channel.write(length);
            }
            ByteBuffer json = ByteBuffer.wrap(header);
            while (json.hasRemaining()) {
                channel.write(json);
            }
            for (Map.Entry<String, Streamed> e : tensors.entrySet()) {
                long before = channel.position();
                e.getValue().source().writeTo(channel);
                long written = channel.position() - before;
                if (written != e.getValue().byteLength()) {
                    throw new IOException(file + ": tensor " + e.getKey() + " wrote " + written + " bytes, not " + e.getValue().byteLength());
                }
            }
            channel.force(true);
        }
    }

    /** The JSON header, as the reference implementation writes it: compact, padded with spaces to 8 bytes. */
    byte[] header() {
        Map<String, Slot> layout = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> layout.put(name, new Slot(t.dtype(), t.shape(), t.byteLength())));
        return header(metadata, layout);
    }

    /** A tensor's entry in the header. */
    private record Slot(DType dtype, long[] shape, long bytes) {
    }

    /** The header for these tensors, in order. */
    private static byte[] header(SortedMap<String, String> metadata, Map<String, Slot> layout) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Slot> e : layout.entrySet()) {
            ObjectNode info = root.putObject(e.getKey());
            info.put("dtype", e.getValue().dtype().name());
            ArrayNode shape = info.putArray("shape");
            for (long dim : e.getValue().shape()) {
                shape.add(dim);
            }
            long bytes = e.getValue().bytes();
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            // A plain mapper keeps insertion order: __metadata__ first, then the tensors by name.
            json = PLAIN.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /**
     * Reads and checks {@code file}. Every problem is a {@link FidelException} naming the file and,
     * where there is one, the tensor.
     */
    public static SafeTensors read(Path file) throws FidelException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw broken(file, "the file is " + size + " bytes, too short for the 8-byte header length");
            }
            long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw broken(file, "the file declares a header of " + headerLength + " bytes (1.." + MAX_HEADER_BYTES + " allowed)");
            }
            if (8 + headerLength > size) {
                throw broken(file, "the file declares a header of " + headerLength + " bytes but the file has only " + (size - 8)
                        + " after the length: it is truncated");
            }
            JsonNode root = parseHeader(file, readFully(channel, 8, (int) headerLength));
            long dataStart = 8 + headerLength;
            List<Entry> entries = entries(file, root, size - dataStart);
            SortedMap<String, Tensor> tensors = new TreeMap<>();
            for (Entry entry : entries) {
                byte[] bytes = new byte[(int) (entry.end - entry.begin)];
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                readInto(channel, dataStart + entry.begin, buffer);
                tensors.put(entry.name, Tensor.wrap(entry.dtype, entry.shape, bytes));
            }
            return new SafeTensors(tensors, metadata(file, root));
        } catch (EOFException e) {
            throw broken(file, "the file ended early: it is truncated");
        } catch (IOException e) {
            throw new FidelException(file + ": cannot read: " + e, e);
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static JsonNode parseHeader(Path file, ByteBuffer bytes) throws FidelException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw broken(file, "the file has a header that is not UTF-8");
        }
        if (!text.startsWith("{")) {
            throw broken(file, "the file has a header that is not a JSON object");
        }
        try {
            JsonNode root = Json.MAPPER.readerFor(JsonNode.class).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readValue(text);
            if (root == null || !root.isObject()) {
                throw broken(file, "the file has a header that is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw broken(file, "the file has a header that is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<Entry> entries(Path file, JsonNode root, long dataLength) throws FidelException {
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals(METADATA)) {
                entries.add(entry(file, field.getKey(), field.getValue()));
            }
        }
        // Sorted by position, the tensors must tile the data exactly: no overlap, no hole, nothing after.
        entries.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.end > dataLength) {
                throw broken(file, "tensor \"" + e.name + "\" has data_offsets [" + e.begin + ", " + e.end + "] beyond the "
                        + dataLength + " data bytes in the file: it is truncated or the header is wrong");
            }
            if (e.begin < expected) {
                throw broken(file, "tensor \"" + e.name + "\" (data_offsets [" + e.begin + ", " + e.end + "]) overlaps tensor \""
                        + previous + "\" (which ends at " + expected + ")");
            }
            if (e.begin > expected) {
                throw broken(file, "tensor \"" + e.name + "\" starts at " + e.begin + " but the data before it ends at " + expected
                        + ": there is a hole in the data");
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataLength) {
            throw broken(file, "the file has " + (dataLength - expected) + " bytes after the last tensor that no tensor accounts for");
        }
        return entries;
    }

    private static Entry entry(Path file, String name, JsonNode info) throws FidelException {
        String where = "tensor \"" + name + "\"";
        if (!info.isObject()) {
            throw broken(file, where + " is not described by a JSON object");
        }
        for (Iterator<String> keys = info.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw broken(file, where + " has an unknown field \"" + key + "\"");
            }
        }
        JsonNode dtypeNode = info.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw broken(file, where + " has no dtype");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw broken(file, where + " has the unknown dtype \"" + dtypeNode.asText() + "\" (known: " + Arrays.toString(DType.values()) + ")");
        }
        JsonNode shapeNode = info.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw broken(file, where + " has no shape");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < 0) {
                throw broken(file, where + " has the shape " + shapeNode + ", whose dimensions are not all non-negative integers");
            }
            shape[i] = dim.asLong();
        }
        JsonNode offsets = info.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber() || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw broken(file, where + " has no data_offsets [begin, end]");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw broken(file, where + " has the data_offsets " + offsets + ", which are not 0 <= begin <= end");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Tensor.elementCount(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw broken(file, where + " has the shape " + shapeNode + ", too large to address");
        }
        if (bytes != end - begin) {
            throw broken(file, where + " is " + dtype + " of shape " + shapeNode + ", which needs " + bytes + " bytes, but its data_offsets "
                    + offsets + " hold " + (end - begin));
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw broken(file, where + " has " + bytes + " bytes; this reader holds at most 2 GiB per tensor");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static SortedMap<String, String> metadata(Path file, JsonNode root) throws FidelException {
        SortedMap<String, String> metadata = new TreeMap<>();
        JsonNode meta = root.get(METADATA);
        if (meta == null || meta.isNull()) {
            return metadata;
        }
        if (!meta.isObject()) {
            throw broken(file, "the file has a \"" + METADATA + "\" that is not an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw broken(file, "the file has \"" + METADATA + "\" entry \"" + e.getKey() + "\" that is not a string");
            }
            metadata.put(e.getKey(), e.getValue().asText());
        }
        return metadata;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readInto(channel, position, buffer);
        buffer.flip();
        return buffer;
    }

    private static void readInto(FileChannel channel, long position, ByteBuffer buffer) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException();
            }
            at += n;
        }
    }

    private static FidelException broken(Path file, String problem) {
        return new FidelException(file + " is not a valid safetensors file: " + problem);
    }
}
