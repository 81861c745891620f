package dev.fidel.peer;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.Tensor.DType;
import dev.fidel.peer.RestrictedUnpickler.Placeholder;
import dev.fidel.peer.RestrictedUnpickler.StorageRef;
import dev.fidel.peer.RestrictedUnpickler.TensorRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A torch checkpoint ({@code torch.save}'s zip: {@code <top>/data.pkl}, {@code <top>/data/<key>},
 * {@code <top>/version}, optionally {@code <top>/byteorder}), read without executing it: the pickle goes
 * through {@link RestrictedUnpickler}, and the tensors are exposed lazily, as views of storages whose
 * bytes stay in the file until {@link #copyTo} or {@link #read} streams them. The open file is held
 * until {@link #close}.
 *
 * <p>The weights are the state dict: the root dict itself when its values are tensors
 * ({@link Layout#STATE_DICT}, as IndexTTS2's {@code gpt.pth}), or the dict under {@code 'model'}
 * ({@link Layout#MODEL_KEY}, as XTTS's {@code model.pth}, where Coqui also pickles its config object and
 * the optimizer). Everything else (a config object, an optimizer, counters) is {@linkplain #dropped dropped}
 * and reported by name; a non-allowlisted global inside the weights is refused.
 */
public final class TorchCheckpoint implements AutoCloseable {

    /** The largest {@code data.pkl} read (a checkpoint's pickle is small: the tensors' bytes are elsewhere). */
    public static final long MAX_PICKLE_BYTES = 16L * 1024 * 1024;
    /** How deep nested containers are walked. */
    static final int MAX_DEPTH = 64;

    /** Where the state dict sits in the pickle. */
    public enum Layout {
        /** The pickle's root is the state dict. */
        STATE_DICT,
        /** The state dict is the root's {@code 'model'} entry. */
        MODEL_KEY
    }

    /**
     * One tensor of the state dict: a view of storage {@code storageKey} from element {@code storageOffset}.
     *
     * @param dataStart where the storage's bytes begin in the file
     */
    public record TorchTensor(String name, DType dtype, long[] shape, long[] stride, String storageKey, long storageOffset,
            long dataStart) {

        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        public long byteLength() {
            return elementCount() * dtype.bytes();
        }

        /** Whether the elements lie row-major and back to back, so the bytes can be streamed as one run. */
        public boolean contiguous() {
            long expected = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (shape[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
            return true;
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Layout layout;
    private final Map<String, TorchTensor> tensors;
    private final List<String> dropped;

    private TorchCheckpoint(Path file, FileChannel channel, Layout layout, Map<String, TorchTensor> tensors, List<String> dropped) {
        this.file = file;
        this.channel = channel;
        this.layout = layout;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.dropped = List.copyOf(dropped);
    }

    /** Opens and checks {@code file}; every refusal names the file and the offending entry, opcode or global. */
    public static TorchCheckpoint open(Path file) throws FidelException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            TorchCheckpoint checkpoint = read(file, channel);
            channel = null;
            return checkpoint;
        } catch (IOException e) {
            throw new FidelException(file + ": cannot read the checkpoint: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the open failed already
                }
            }
        }
    }

    private static TorchCheckpoint read(Path file, FileChannel channel) throws FidelException, IOException {
        Map<String, StoredZip.Entry> entries = StoredZip.read(file, channel);
        String top = topFolder(file, entries.keySet());
        StoredZip.Entry pickleEntry = entries.get(top + "data.pkl");
        if (pickleEntry == null) {
            throw StoredZip.refused(file, "it has no " + top + "data.pkl");
        }
        if (pickleEntry.size() > MAX_PICKLE_BYTES) {
            throw StoredZip.refused(file, top + "data.pkl is " + pickleEntry.size() + " bytes (at most " + MAX_PICKLE_BYTES + " are read)");
        }
        StoredZip.Entry order = entries.get(top + "byteorder");
        if (order != null) {
            String value = small(channel, order).strip();
            if (!value.equals("little")) {
                throw StoredZip.refused(file, "its byteorder is '" + value + "'; only little-endian checkpoints are read");
            }
        }
        byte[] pickle = StoredZip.read(channel, pickleEntry.dataStart(), (int) pickleEntry.size()).array();
        RestrictedUnpickler unpickler = new RestrictedUnpickler(pickle);
        Object root;
        try {
            root = unpickler.load();
        } catch (RestrictedUnpickler.Refusal e) {
            throw StoredZip.refused(file, e.getMessage());
        }
        for (StorageRef storage : unpickler.storages().values()) {
            StoredZip.Entry data = entries.get(top + "data/" + storage.key());
            if (data == null) {
                throw StoredZip.refused(file, "storage " + storage.key() + " has no entry " + top + "data/" + storage.key());
            }
            long needed;
            try {
                needed = Math.multiplyExact(storage.numel(), storage.dtype().bytes());
            } catch (ArithmeticException e) {
                needed = Long.MAX_VALUE;
            }
            if (needed > data.size()) {
                throw StoredZip.refused(file, "storage " + storage.key() + " claims " + storage.numel() + " " + storage.dtype()
                        + " elements (" + needed + " bytes) but its entry holds " + data.size() + " bytes");
            }
        }
        List<String> dropped = new ArrayList<>();
        Layout layout;
        Map<?, ?> stateDict;
        if (!(root instanceof Map<?, ?> rootDict)) {
            throw StoredZip.refused(file, "its pickle holds a " + RestrictedUnpickler.kind(root) + ", not a dict of weights");
        }
        if (rootDict.get("model") instanceof Map<?, ?> model && holdsTensors(model)) {
            layout = Layout.MODEL_KEY;
            stateDict = model;
            for (Map.Entry<?, ?> e : rootDict.entrySet()) {
                if (!"model".equals(e.getKey())) {
                    dropped.add(describe(String.valueOf(e.getKey()), e.getValue()));
                }
            }
        } else if (holdsTensors(rootDict)) {
            layout = Layout.STATE_DICT;
            stateDict = rootDict;
        } else {
            throw StoredZip.refused(file, "it holds no state dict: neither its root " + RestrictedUnpickler.show(
                    new RestrictedUnpickler.Tuple(List.copyOf(rootDict.keySet().stream().map(String::valueOf).toList())))
                    + " nor a 'model' entry is a dict of tensors");
        }
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (e.getValue() instanceof TensorRef t) {
                StoredZip.Entry data = entries.get(top + "data/" + t.storage().key());
                tensors.put(name, new TorchTensor(name, t.storage().dtype(), t.shape(), t.stride(), t.storage().key(), t.offset(),
                        data.dataStart()));
            } else if (e.getValue() instanceof Placeholder p) {
                throw StoredZip.refused(file, "weight " + name + " is built by GLOBAL " + p.global() + ", which is not a tensor;"
                        + " nothing of it was imported or called");
            } else {
                dropped.add(describe((layout == Layout.MODEL_KEY ? "model." : "") + name, e.getValue()));
            }
        }
        return new TorchCheckpoint(file, channel, layout, tensors, dropped);
    }

    private static String describe(String key, Object value) throws FidelException {
        Set<String> inside = new java.util.TreeSet<>();
        placeholders(value, inside, 0, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        if (value instanceof Placeholder p) {
            return key + " (a pickled " + p.global() + " object: never loaded)";
        }
        return key + (inside.isEmpty() ? "" : " (holds pickled " + String.join(", ", inside) + ": never loaded)");
    }

    /** The placeholders in a value, each container visited once (a pickle can make cycles and shared subtrees). */
    private static void placeholders(Object value, Set<String> into, int depth, Set<Object> seen) {
        if (depth > MAX_DEPTH || value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Placeholder p) {
            into.add(p.global());
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                placeholders(e.getKey(), into, depth + 1, seen);
                placeholders(e.getValue(), into, depth + 1, seen);
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                placeholders(o, into, depth + 1, seen);
            }
        } else if (value instanceof RestrictedUnpickler.Tuple t) {
            placeholders(t.items(), into, depth + 1, seen);
        }
    }

    private static boolean holdsTensors(Map<?, ?> dict) {
        return dict.values().stream().anyMatch(v -> v instanceof TensorRef);
    }

    private static String topFolder(Path file, Collection<String> names) throws FidelException {
        String top = null;
        for (String name : names) {
            int slash = name.indexOf('/');
            if (slash <= 0) {
                throw StoredZip.refused(file, "entry " + name + " is not inside a top folder as torch.save writes");
            }
            String folder = name.substring(0, slash + 1);
            if (top == null) {
                top = folder;
            } else if (!top.equals(folder)) {
                throw StoredZip.refused(file, "its entries lie in two top folders, " + top + " and " + folder);
            }
        }
        if (top == null) {
            throw StoredZip.refused(file, "the archive is empty");
        }
        return top;
    }

    private static String small(FileChannel channel, StoredZip.Entry entry) throws IOException {
        return new String(StoredZip.read(channel, entry.dataStart(), (int) Math.min(entry.size(), 64)).array(), StandardCharsets.UTF_8);
    }

    public Path file() {
        return file;
    }

    public Layout layout() {
        return layout;
    }

    /** The state dict's tensors, by name, in the pickle's order. */
    public Map<String, TorchTensor> tensors() {
        return tensors;
    }

    /** What was in the file but is not a weight, by key, with the pickled globals it held ("config (a pickled X object: never loaded)"). */
    public List<String> dropped() {
        return dropped;
    }

    /**
     * Streams the tensor's bytes (little-endian, row-major) into {@code out}: straight from the file when they lie
     * row-major in one run, else gathered in memory from the span of the storage the view covers (see
     * {@link #requireReadable}).
     */
    public void copyTo(TorchTensor tensor, WritableByteChannel out) throws IOException {
        if (!tensor.contiguous()) {
            ByteBuffer gathered = ByteBuffer.wrap(gather(tensor));
            while (gathered.hasRemaining()) {
                out.write(gathered);
            }
            return;
        }
        long position = tensor.dataStart() + tensor.storageOffset() * tensor.dtype().bytes();
        long left = tensor.byteLength();
        while (left > 0) {
            long n = channel.transferTo(position, left, out);
            if (n <= 0) {
                throw new IOException(file + " ended while reading tensor " + tensor.name() + ": the file changed or is truncated");
            }
            position += n;
            left -= n;
        }
    }

    /** The tensor's bytes (little-endian, row-major), read into memory: for the few tensors that are resized. */
    public byte[] read(TorchTensor tensor) throws FidelException, IOException {
        requireReadable(tensor);
        if (tensor.byteLength() > Integer.MAX_VALUE - 8) {
            throw new FidelException(file + ": tensor " + tensor + " is over 2 GiB, too large to resize in memory");
        }
        if (!tensor.contiguous()) {
            return gather(tensor);
        }
        ByteBuffer bytes = StoredZip.read(channel, tensor.dataStart() + tensor.storageOffset() * tensor.dtype().bytes(),
                (int) tensor.byteLength());
        return bytes.array();
    }

    /**
     * Refuses a tensor that is not row-major (a transposed or strided view) and whose storage span is over
     * {@value #MAX_GATHER_BYTES} bytes: such a view is gathered in memory.
     */
    public void requireReadable(TorchTensor tensor) throws FidelException {
        if (!tensor.contiguous() && span(tensor) > MAX_GATHER_BYTES) {
            throw new FidelException(file + ": tensor " + tensor + " has strides " + Arrays.toString(tensor.stride())
                    + ", not row-major, over " + span(tensor) + " bytes of its storage; save it with .contiguous() first");
        }
    }

    /** The most bytes of a storage read into memory to gather a strided view. */
    static final long MAX_GATHER_BYTES = 256L << 20;

    private static long span(TorchTensor tensor) {
        long reach = 1;
        for (int i = 0; i < tensor.shape().length; i++) {
            reach += tensor.shape()[i] == 0 ? 0 : (tensor.shape()[i] - 1) * tensor.stride()[i];
        }
        return tensor.elementCount() == 0 ? 0 : reach * tensor.dtype().bytes();
    }

    /** A strided view's elements in row-major order. */
    private byte[] gather(TorchTensor tensor) throws IOException {
        long spanBytes = span(tensor);
        if (spanBytes > MAX_GATHER_BYTES) {
            throw new IOException(file + ": tensor " + tensor + " is a strided view over " + spanBytes + " bytes; save it with .contiguous()");
        }
        int width = tensor.dtype().bytes();
        byte[] source = StoredZip.read(channel, tensor.dataStart() + tensor.storageOffset() * width, (int) spanBytes).array();
        byte[] out = new byte[Math.toIntExact(tensor.byteLength())];
        long[] shape = tensor.shape();
        long[] index = new long[shape.length];
        for (long e = 0; e < tensor.elementCount(); e++) {
            long at = 0;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * tensor.stride()[d];
            }
            System.arraycopy(source, (int) (at * width), out, (int) (e * width), width);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
