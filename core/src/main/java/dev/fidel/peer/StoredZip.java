package dev.fidel.peer;

import dev.fidel.FidelException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip archive whose entries are stored, not compressed, as
 * {@code torch.save} writes them: each entry's name, size and the file position where its bytes
 * start, so a reader can stream an entry straight from the file. Nothing is extracted. Refused,
 * with the file named: a compressed entry (a zip bomb cannot be inflated because nothing is
 * inflated), an entry or directory outside the file (a truncated archive), more than
 * {@value #MAX_ENTRIES} entries, an encrypted entry.
 */
final class StoredZip {

    static final int MAX_ENTRIES = 1_000_000;
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    /** One stored entry: its bytes are {@code [dataStart, dataStart + size)} of the file. */
    record Entry(String name, long size, long dataStart, int crc) {
    }

    private StoredZip() {
    }

    /** The entries by name, in directory order. */
    static Map<String, Entry> read(Path file, FileChannel channel) throws FidelException, IOException {
        long fileSize = channel.size();
        if (fileSize < 4 || read(channel, 0, 4).getInt() != LOCAL) {
            throw refused(file, "it is not a zip archive: torch.save has written zip checkpoints since torch 1.6; a legacy"
                    + " (pre-1.6) or other file is not read. Re-save it with torch.save in torch 1.6 or newer");
        }
        if (fileSize < 22) {
            throw refused(file, "it is " + fileSize + " bytes, too short for a zip archive: it is truncated");
        }
        int tail = (int) Math.min(fileSize, 22 + 65_535);
        ByteBuffer end = read(channel, fileSize - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == EOCD && i + 22 + Short.toUnsignedInt(end.getShort(i + 20)) == tail) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw refused(file, "it has no end-of-archive record: the archive is truncated");
        }
        long count = Short.toUnsignedInt(end.getShort(eocd + 10));
        long dirSize = Integer.toUnsignedLong(end.getInt(eocd + 12));
        long dirStart = Integer.toUnsignedLong(end.getInt(eocd + 16));
        long eocdPosition = fileSize - tail + eocd;
        if (count == 0xFFFF || dirSize == 0xFFFFFFFFL || dirStart == 0xFFFFFFFFL) {
            if (eocdPosition < 20 || read(channel, eocdPosition - 20, 4).getInt() != ZIP64_LOCATOR) {
                throw refused(file, "its end-of-archive record points to a zip64 record that is missing");
            }
            long zip64At = read(channel, eocdPosition - 12, 8).getLong();
            if (zip64At < 0 || zip64At + 56 > eocdPosition) {
                throw refused(file, "its zip64 end record lies outside the file: the archive is truncated");
            }
            ByteBuffer z = read(channel, zip64At, 56);
            if (z.getInt(0) != ZIP64_EOCD) {
                throw refused(file, "its zip64 end record is damaged");
            }
            count = z.getLong(32);
            dirSize = z.getLong(40);
            dirStart = z.getLong(48);
        }
        if (count > MAX_ENTRIES) {
            throw refused(file, "it declares " + count + " entries (at most " + MAX_ENTRIES + " are read)");
        }
        if (dirStart < 0 || dirSize < 0 || dirStart + dirSize > eocdPosition || dirSize > 64L * 1024 * 1024) {
            throw refused(file, "its central directory [" + dirStart + ", +" + dirSize + ") lies outside the file: the archive is"
                    + " truncated or damaged");
        }
        ByteBuffer dir = read(channel, dirStart, (int) dirSize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int at = 0;
        for (long n = 0; n < count; n++) {
            if (at + 46 > dir.limit() || dir.getInt(at) != CENTRAL) {
                throw refused(file, "its central directory ends after " + n + " of " + count + " entries: the archive is damaged");
            }
            int flags = Short.toUnsignedInt(dir.getShort(at + 8));
            int method = Short.toUnsignedInt(dir.getShort(at + 10));
            int crc = dir.getInt(at + 16);
            long compressed = Integer.toUnsignedLong(dir.getInt(at + 20));
            long size = Integer.toUnsignedLong(dir.getInt(at + 24));
            int nameLength = Short.toUnsignedInt(dir.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(dir.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(dir.getShort(at + 32));
            long localAt = Integer.toUnsignedLong(dir.getInt(at + 42));
            if (at + 46 + nameLength + extraLength + commentLength > dir.limit()) {
                throw refused(file, "its central directory entry " + n + " runs past the directory: the archive is damaged");
            }
            byte[] nameBytes = new byte[nameLength];
            dir.get(at + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // zip64 extra field: the sizes and offset that did not fit in 32 bits, in this order.
            int x = at + 46 + nameLength;
            int xEnd = x + extraLength;
            while (x + 4 <= xEnd) {
                int id = Short.toUnsignedInt(dir.getShort(x));
                int len = Short.toUnsignedInt(dir.getShort(x + 2));
                if (id == 0x0001) {
                    int p = x + 4;
                    if (size == 0xFFFFFFFFL && p + 8 <= x + 4 + len) {
                        size = dir.getLong(p);
                        p += 8;
                    }
                    if (compressed == 0xFFFFFFFFL && p + 8 <= x + 4 + len) {
                        compressed = dir.getLong(p);
                        p += 8;
                    }
                    if (localAt == 0xFFFFFFFFL && p + 8 <= x + 4 + len) {
                        localAt = dir.getLong(p);
                    }
                }
                x += 4 + len;
            }
            at = xEnd + commentLength;
            if ((flags & 1) != 0) {
                throw refused(file, "entry " + name + " is encrypted");
            }
            if (method != 0) {
                throw refused(file, "entry " + name + " is compressed (method " + method + ", " + compressed + " bytes that would inflate to "
                        + size + "): torch.save stores entries uncompressed, and a compressed entry is never inflated (zip bomb)");
            }
            if (compressed != size) {
                throw refused(file, "entry " + name + " is stored but declares " + compressed + " stored and " + size + " unpacked bytes");
            }
            if (localAt < 0 || localAt + 30 > dirStart) {
                throw refused(file, "entry " + name + " starts at " + localAt + ", outside the archive's data: the archive is damaged");
            }
            ByteBuffer local = read(channel, localAt, 30);
            if (local.getInt(0) != LOCAL) {
                throw refused(file, "entry " + name + " has no local header at " + localAt + ": the archive is damaged");
            }
            long dataStart = localAt + 30 + Short.toUnsignedInt(local.getShort(26)) + Short.toUnsignedInt(local.getShort(28));
            if (size < 0 || dataStart + size > dirStart) {
                throw refused(file, "entry " + name + " claims " + size + " bytes at " + dataStart + ", past the end of the archive's data ("
                        + dirStart + "): the archive is truncated or damaged");
            }
            if (entries.put(name, new Entry(name, size, dataStart, crc)) != null) {
                throw refused(file, "entry " + name + " appears twice");
            }
        }
        return entries;
    }

    static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("the file ends at " + at);
            }
            at += n;
        }
        return buffer.flip();
    }

    static FidelException refused(Path file, String reason) {
        return new FidelException(file + " is refused as a torch checkpoint: " + reason);
    }
}
