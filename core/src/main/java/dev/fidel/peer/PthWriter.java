package dev.fidel.peer;

import dev.fidel.checkpoint.Tensor.DType;
import dev.fidel.peer.TorchCheckpoint.Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a {@code .pth} that {@code torch.load(path, weights_only=True)} loads on torch 1.13 and newer,
 * laid out as {@code torch.save} writes it: a zip of stored entries {@code archive/data.pkl},
 * {@code archive/byteorder}, {@code archive/data/0..n-1} (each tensor in a storage of its own, its bytes
 * aligned to 64 bytes in the file), {@code archive/version}. The pickle is protocol 2 and uses only what
 * torch 1.13's weights-only loader accepts: {@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, the storage classes, BINUNICODE strings, binary ints, tuples,
 * and no floats. Tensor bytes are streamed from their sources, so memory holds one buffer.
 */
public final class PthWriter {

    static final String TOP = "archive/";
    private static final int ALIGNMENT = 64;
    private static final long MAX_32 = 0xFFFFFFFFL;

    /** One tensor: its state-dict name, element type and shape. */
    public record Entry(String name, DType dtype, long[] shape) {
        long byteLength() {
            long n = dtype.bytes();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** Writes the bytes of entry {@code index}: exactly its byte length, little-endian, row-major. */
    public interface Source {
        void write(int index, WritableByteChannel out) throws IOException;
    }

    private PthWriter() {
    }

    /**
     * Writes {@code file}: the state dict of {@code entries} as the root ({@link Layout#STATE_DICT}) or as
     * {@code {'model': state_dict}} ({@link Layout#MODEL_KEY}).
     */
    public static void write(Path file, Layout layout, List<Entry> entries, Source source) throws IOException {
        byte[] pickle = pickle(layout, entries);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            List<Written> written = new ArrayList<>();
            written.add(entry(channel, TOP + "data.pkl", pickle.length, out -> writeAll(out, pickle)));
            byte[] order = "little".getBytes(StandardCharsets.US_ASCII);
            written.add(entry(channel, TOP + "byteorder", order.length, out -> writeAll(out, order)));
            for (int i = 0; i < entries.size(); i++) {
                int index = i;
                written.add(entry(channel, TOP + "data/" + i, entries.get(i).byteLength(), out -> source.write(index, out)));
            }
            byte[] version = "3\n".getBytes(StandardCharsets.US_ASCII);
            written.add(entry(channel, TOP + "version", version.length, out -> writeAll(out, version)));
            centralDirectory(channel, written);
            channel.force(true);
        }
    }

    // --- the pickle

    static byte[] pickle(Layout layout, List<Entry> entries) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2); // PROTO 2
        if (layout == Layout.MODEL_KEY) {
            p.write('}');
            unicode(p, "model");
        }
        orderedDict(p);
        if (!entries.isEmpty()) {
            p.write('(');
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                unicode(p, e.name());
                global(p, "torch._utils", "_rebuild_tensor_v2");
                p.write('(');
                // the storage: persistent id ('storage', torch.XStorage, key, location, numel)
                p.write('(');
                unicode(p, "storage");
                global(p, "torch", storageClass(e.dtype()));
                unicode(p, Integer.toString(i));
                unicode(p, "cpu");
                integer(p, e.byteLength() / e.dtype().bytes());
                p.write('t');
                p.write('Q'); // BINPERSID
                integer(p, 0); // storage offset
                longs(p, e.shape());
                longs(p, strides(e.shape()));
                p.write(0x89); // requires_grad False
                orderedDict(p); // backward hooks
                p.write('t');
                p.write('R');
            }
            p.write('u');
        }
        if (layout == Layout.MODEL_KEY) {
            p.write('s');
        }
        p.write('.');
        return p.toByteArray();
    }

    static String storageClass(DType dtype) {
        return switch (dtype) {
            case F64 -> "DoubleStorage";
            case F32 -> "FloatStorage";
            case F16 -> "HalfStorage";
            case BF16 -> "BFloat16Storage";
            case I64 -> "LongStorage";
            case I32 -> "IntStorage";
            case I16 -> "ShortStorage";
            case I8 -> "CharStorage";
            case U8 -> "ByteStorage";
            case BOOL -> "BoolStorage";
        };
    }

    private static long[] strides(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return stride;
    }

    private static void orderedDict(ByteArrayOutputStream p) {
        global(p, "collections", "OrderedDict");
        p.write(')');
        p.write('R');
    }

    private static void global(ByteArrayOutputStream p, String module, String name) {
        p.write('c');
        p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void unicode(ByteArrayOutputStream p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        p.writeBytes(b);
    }

    private static void longs(ByteArrayOutputStream p, long[] values) {
        if (values.length == 0) {
            p.write(')');
            return;
        }
        p.write('(');
        for (long v : values) {
            integer(p, v);
        }
        p.write('t');
    }

    static void integer(ByteArrayOutputStream p, long v) {
        if (v >= 0 && v < 256) {
            p.write('K');
            p.write((int) v);
        } else if (v >= 0 && v < 65536) {
            p.write('M');
            p.write((int) (v & 0xff));
            p.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            p.write('J');
            p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        } else {
            p.write(0x8a); // LONG1, 8 bytes two's complement little-endian
            p.write(8);
            p.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }

    // --- the zip

    private record Written(String name, long localOffset, long size, int crc) {
    }

    private interface Body {
        void write(WritableByteChannel out) throws IOException;
    }

    private static Written entry(FileChannel channel, String name, long size, Body body) throws IOException {
        if (size >= MAX_32) {
            throw new IOException(name + " is " + size + " bytes; entries of 4 GiB or more are not written");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long offset = channel.position();
        long dataAt = offset + 30 + nameBytes.length + 4;
        int pad = (int) ((ALIGNMENT - dataAt % ALIGNMENT) % ALIGNMENT);
        ByteBuffer header = ByteBuffer.allocate(30 + nameBytes.length + 4 + pad).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0x21) // DOS time 00:00, date 1980-01-01
                .putInt(0).putInt((int) size).putInt((int) size)
                .putShort((short) nameBytes.length).putShort((short) (4 + pad)).put(nameBytes)
                .putShort((short) 0x4246).putShort((short) pad); // "FB" padding field, as torch writes
        header.position(header.capacity()).flip();
        writeAll(channel, header);
        CRC32 crc = new CRC32();
        long[] count = {0};
        body.write(new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                ByteBuffer view = src.duplicate();
                int n = channel.write(src);
                view.limit(view.position() + n);
                crc.update(view);
                count[0] += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() {
            }
        });
        if (count[0] != size) {
            throw new IOException(name + ": " + count[0] + " bytes were written, not " + size);
        }
        int value = (int) crc.getValue();
        channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip(), offset + 14);
        return new Written(name, offset, size, value);
    }

    private static void centralDirectory(FileChannel channel, List<Written> entries) throws IOException {
        long start = channel.position();
        for (Written w : entries) {
            byte[] nameBytes = w.name().getBytes(StandardCharsets.UTF_8);
            boolean zip64 = w.localOffset() >= MAX_32;
            ByteBuffer b = ByteBuffer.allocate(46 + nameBytes.length + (zip64 ? 12 : 0)).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0x02014b50).putShort((short) (zip64 ? 45 : 20)).putShort((short) (zip64 ? 45 : 20)).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0x21).putInt(w.crc())
                    .putInt((int) w.size()).putInt((int) w.size()).putShort((short) nameBytes.length)
                    .putShort((short) (zip64 ? 12 : 0)).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(zip64 ? -1 : (int) w.localOffset()).put(nameBytes);
            if (zip64) {
                b.putShort((short) 1).putShort((short) 8).putLong(w.localOffset());
            }
            writeAll(channel, b.flip());
        }
        long end = channel.position();
        long size = end - start;
        boolean zip64 = start >= MAX_32 || entries.size() >= 0xFFFF;
        if (zip64) {
            ByteBuffer z = ByteBuffer.allocate(56 + 20).order(ByteOrder.LITTLE_ENDIAN);
            z.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(size).putLong(start);
            z.putInt(0x07064b50).putInt(0).putLong(end).putInt(1);
            writeAll(channel, z.flip());
        }
        ByteBuffer e = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        short count = (short) (zip64 ? 0xFFFF : entries.size());
        e.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count)
                .putInt(zip64 ? -1 : (int) size).putInt(zip64 ? -1 : (int) start).putShort((short) 0);
        writeAll(channel, e.flip());
    }

    private static void writeAll(WritableByteChannel out, byte[] bytes) throws IOException {
        writeAll(out, ByteBuffer.wrap(bytes));
    }

    private static void writeAll(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
