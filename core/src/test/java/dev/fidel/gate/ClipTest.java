package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip from any WAV a user's program writes (any rate, mono or stereo, 16/24/32-bit or float) is read at the
 * recognizer's rate; a clip that is missing, unreadable, silent, clipped, far too short or far too long gets a finding.
 */
class ClipTest {

    static final int RATE = 22_050;

    /** {@code seconds} of a 220 Hz tone at {@code amplitude}, as a WAV of the given layout. */
    static byte[] wav(int rate, int channels, int bits, boolean floating, double seconds, double amplitude) {
        int frames = (int) (rate * seconds);
        int bytes = bits / 8;
        ByteBuffer data = ByteBuffer.allocate(frames * channels * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            double x = amplitude * Math.sin(2 * Math.PI * 220 * i / rate);
            for (int c = 0; c < channels; c++) {
                if (floating) {
                    data.putFloat((float) x);
                } else if (bits == 16) {
                    data.putShort((short) Math.round(x * 32767));
                } else if (bits == 24) {
                    int v = (int) Math.round(x * 8_388_607);
                    data.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                } else {
                    data.putInt((int) Math.round(x * 2_147_483_647.0));
                }
            }
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVEfmt ".getBytes()).putInt(16)
                .putShort((short) (floating ? 3 : 1)).putShort((short) channels).putInt(rate).putInt(rate * channels * bytes)
                .putShort((short) (channels * bytes)).putShort((short) bits).put("data".getBytes()).putInt(data.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    @Test
    void anyCommonWavLayoutIsReadAtTheRecognizersRate(@TempDir Path dir) throws Exception {
        Object[][] layouts = {{16_000, 1, 16, false}, {44_100, 2, 16, false}, {48_000, 1, 24, false}, {24_000, 2, 32, false},
            {22_050, 1, 32, true}, {8_000, 2, 32, true}};
        for (Object[] l : layouts) {
            Path file = Files.write(dir.resolve(l[0] + "-" + l[1] + "-" + l[2] + "-" + l[3] + ".wav"),
                    wav((int) l[0], (int) l[1], (int) l[2], (boolean) l[3], 1.0, 0.5));
            Clip clip = Clip.read(file, RATE, 10);
            assertNull(clip.finding(), file + ": " + clip.finding());
            assertEquals(1.0, clip.seconds(), 0.01, file.toString());
            assertEquals(RATE, clip.samples().length, RATE / 100, file.toString());
            double peak = 0;
            for (float v : clip.samples()) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertEquals(0.5, peak, 0.03, file + ": the level survives decoding, downmix and resampling");
        }
    }

    @Test
    void eachKindOfBadClipIsNamed(@TempDir Path dir) throws Exception {
        assertEquals(ClipFinding.Kind.MISSING, Clip.read(dir.resolve("absent.wav"), RATE, 10).finding().kind());
        Path garbage = Files.write(dir.resolve("garbage.wav"), "this is not audio at all, just text".getBytes());
        assertEquals(ClipFinding.Kind.UNREADABLE, Clip.read(garbage, RATE, 10).finding().kind());
        Path silent = Files.write(dir.resolve("silent.wav"), wav(RATE, 1, 16, false, 1.0, 0.0));
        ClipFinding silence = Clip.read(silent, RATE, 10).finding();
        assertEquals(ClipFinding.Kind.SILENT, silence.kind());
        assertEquals("silent", silence.kind().word());
        Path clipped = Files.write(dir.resolve("clipped.wav"), wav(RATE, 1, 32, true, 1.0, 4.0));
        assertEquals(ClipFinding.Kind.CLIPPED, Clip.read(clipped, RATE, 10).finding().kind());
        Path blip = Files.write(dir.resolve("blip.wav"), wav(RATE, 1, 16, false, 0.05, 0.5));
        ClipFinding tooShort = Clip.read(blip, RATE, 40).finding();
        assertEquals(ClipFinding.Kind.TOO_SHORT, tooShort.kind());
        assertTrue(tooShort.detail().contains("40 characters"), tooShort.detail());
        // 20 s for 5 characters: stopped decoding after 8 s, never reading the rest.
        Path endless = Files.write(dir.resolve("endless.wav"), wav(RATE, 1, 16, false, 20, 0.5));
        assertEquals(ClipFinding.Kind.TOO_LONG, Clip.read(endless, RATE, 5).finding().kind());
        assertNull(Clip.read(Files.write(dir.resolve("fine.wav"), wav(RATE, 1, 16, false, 2, 0.3)), RATE, 25).finding());
    }
}
