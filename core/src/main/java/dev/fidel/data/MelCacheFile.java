package dev.fidel.data;

import dev.fidel.audio.MelConfig;
import dev.fidel.util.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One file of {@link PreparedMels}: the mels of a split's clips under one {@link MelConfig}, each filed under the SHA-256
 * of its clip. Layout: {@value #MAGIC}, the format version, the mel settings as a JSON line, the entry count, then per
 * entry the clip's SHA-256 (32 bytes), frames, bands and the values (IEEE 754 little-endian: exactly the floats
 * computed), and last a CRC-32C of everything before it. A file that does not end exactly there, has another version
 * or settings, or whose CRC differs is damaged: {@link #read} says so and nothing of it is used.
 */
final class MelCacheFile {

    static final String MAGIC = "FIDELMEL";
    static final int FORMAT_VERSION = 1;
    /** More frames than this in one clip (about 32 hours at 86 frames/s) is a damaged length, not a clip. */
    private static final int MAX_FRAMES = 10_000_000;

    private MelCacheFile() {
    }

    /** The entries of {@code file}, clip SHA-256 to mel, in file order; refused (IOException) when damaged or of other settings. */
    static Map<String, float[][]> read(Path file, MelConfig config) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CheckedInputStream checked = new CheckedInputStream(raw, crc);
            DataInputStream in = new DataInputStream(checked);
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new IOException("not a mel cache file");
            }
            int version = in.readInt();
            String settings = in.readUTF();
            if (version != FORMAT_VERSION || !settings.equals(Json.line(config))) {
                throw new IOException("format " + version + " with settings " + settings + ", not format " + FORMAT_VERSION + " with "
                        + Json.line(config));
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("entry count " + count);
            }
            Map<String, float[][]> out = new LinkedHashMap<>();
            byte[] sha = new byte[32];
            for (int e = 0; e < count; e++) {
                in.readFully(sha);
                out.put(HexFormat.of().formatHex(sha), mel(in, config.mels()));
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected || raw.read() != -1) {
                throw new IOException(stored != expected ? "its checksum does not match its content" : "it goes on after its checksum");
            }
            return out;
        } catch (EOFException e) {
            throw new IOException("it ends early", e);
        }
    }

    private static float[][] mel(DataInputStream in, int mels) throws IOException {
        int frames = in.readInt();
        int bands = in.readInt();
        if (frames < 0 || frames > MAX_FRAMES || bands != mels) {
            throw new IOException("an entry of " + frames + " frames of " + bands + " bands");
        }
        byte[] bytes = new byte[frames * bands * Float.BYTES];
        in.readFully(bytes);
        FloatBuffer values = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[][] mel = new float[frames][bands];
        for (float[] frame : mel) {
            values.get(frame);
        }
        return mel;
    }

    /** Writes the entries ({@code shas[i]} to {@code mels[i]}) in this layout to {@code out}, which the caller closes. */
    static void write(OutputStream out, MelConfig config, List<String> shas, List<float[][]> mels) throws IOException {
        CRC32C crc = new CRC32C();
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(buffered, crc));
        data.write(MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(Json.line(config));
        data.writeInt(shas.size());
        for (int e = 0; e < shas.size(); e++) {
            float[][] mel = mels.get(e);
            data.write(HexFormat.of().parseHex(shas.get(e)));
            data.writeInt(mel.length);
            data.writeInt(config.mels());
            ByteBuffer bytes = ByteBuffer.allocate(mel.length * config.mels() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer values = bytes.asFloatBuffer();
            for (float[] frame : mel) {
                values.put(frame);
            }
            data.write(bytes.array());
        }
        data.flush();
        new DataOutputStream(buffered).writeLong(crc.getValue());
        buffered.flush();
    }
}
