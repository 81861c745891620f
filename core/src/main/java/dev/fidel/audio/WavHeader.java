package dev.fidel.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a RIFF/WAVE header far enough to tell whether the file holds all the sample data its header
 * announces. FFmpeg decodes a truncated WAV without complaint; this is how we notice.
 */
public final class WavHeader {

    private WavHeader() {
    }

    /** A sentence saying how the file is truncated, or null when it is complete (or not a RIFF file). */
    public static String truncation(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head = new byte[(int) Math.min(size, 4096)];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < 12) {
                return n >= 4 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                        ? "the RIFF header is cut off after " + n + " bytes" : null;
            }
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != WavReader.RIFF || b.getInt(8) != WavReader.WAVE) {
            return null;
        }
        int pos = 12;
        while (pos + 8 <= head.length) {
            int id = b.getInt(pos);
            long chunk = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (id == WavReader.DATA) {
                long available = size - pos - 8;
                // 0 and 0xFFFFFFFF are what streaming writers leave when they cannot seek back
                if (chunk != 0 && chunk != 0xFFFFFFFFL && available < chunk) {
                    return "the header announces " + chunk + " bytes of samples but the file holds " + available;
                }
                return null;
            }
            pos += 8 + (int) Math.min(chunk + (chunk & 1), Integer.MAX_VALUE - pos - 8);
        }
        return pos + 8 > size ? "the file ends before its data chunk" : null;
    }
}
