package dev.fidel.audio;

import dev.fidel.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Writes 16-bit PCM mono WAV files (the normalized audio every later goal reads). */
public final class WavWriter {

    private WavWriter() {
    }

    /** The complete WAV file as bytes. */
    public static byte[] bytes(short[] samples, int sampleRate) {
        int data = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + data).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(data);
        b.asShortBuffer().put(samples);
        return b.array();
    }

    public static void write(Path file, short[] samples, int sampleRate) throws IOException {
        AtomicFiles.write(file, bytes(samples, sampleRate));
    }
}
