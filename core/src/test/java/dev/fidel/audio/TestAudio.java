package dev.fidel.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Synthetic audio for tests: tones and multi-channel WAV files written by hand. */
public final class TestAudio {

    private TestAudio() {
    }

    /** A sine tone, {@code amplitude} of full scale. */
    public static short[] tone(double seconds, int sampleRate, double frequency, double amplitude) {
        short[] s = new short[(int) Math.round(seconds * sampleRate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        return s;
    }

    /** A 16-bit WAV with interleaved channels (each array one channel, same length). */
    public static Path wav(Path file, int sampleRate, short[]... channels) throws IOException {
        int n = channels[0].length;
        int ch = channels.length;
        ByteBuffer b = ByteBuffer.allocate(44 + n * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + n * ch * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) ch).putInt(sampleRate)
                .putInt(sampleRate * ch * 2).putShort((short) (ch * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(n * ch * 2);
        for (int i = 0; i < n; i++) {
            for (short[] c : channels) {
                b.putShort(c[i]);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b.array());
        return file;
    }

    /** A file from this package's test resources, copied to {@code dir}. */
    public static Path resource(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (var in = TestAudio.class.getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
