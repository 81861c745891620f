package dev.fidel.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFilesTest {

    @TempDir
    Path dir;

    @Test
    void writtenWavIsRead16BitMonoByTheJdk() throws Exception {
        short[] tone = TestAudio.tone(0.25, 16000, 500, 0.7);
        Path file = dir.resolve("t.wav");
        WavWriter.write(file, tone, 16000);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(1, f.getChannels());
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(16000f, f.getSampleRate());
            byte[] bytes = in.readAllBytes();
            short[] back = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(back);
            assertArrayEquals(tone, back);
        }
        assertNull(WavHeader.truncation(file), "a complete file is not truncated");
    }

    @Test
    void headerTellsATruncatedDataChunk() throws Exception {
        byte[] full = WavWriter.bytes(new short[1000], 22050);
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(full, 500));
        assertEquals("the header announces 2000 bytes of samples but the file holds 456", WavHeader.truncation(cut));
        Path headerOnly = Files.write(dir.resolve("head.wav"), Arrays.copyOf(full, 20));
        assertTrue(WavHeader.truncation(headerOnly).contains("before its data chunk"));
    }

    @Test
    void nonRiffFilesAndStreamedSizesAreNotCalledTruncated() throws Exception {
        assertNull(WavHeader.truncation(Files.write(dir.resolve("x.mp3"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
        byte[] streamed = WavWriter.bytes(new short[100], 22050);
        ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        assertNull(WavHeader.truncation(Files.write(dir.resolve("s.wav"), streamed)));
    }

    @Test
    void levelsMeasureClippingAndSilence() {
        short[] square = new short[22050];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 50) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE + 1;
        }
        assertEquals(1.0, AudioLevels.of(square, 22050).clippedShare(), 1e-9);
        AudioLevels sine = AudioLevels.of(TestAudio.tone(1, 22050, 441, 0.5), 22050);
        assertEquals(0.0, sine.clippedShare());
        assertEquals(-9.03, sine.peakFrameDb(), 0.1, "a sine at half scale has an RMS of -9 dBFS");
        assertEquals(Double.NEGATIVE_INFINITY, AudioLevels.of(new short[22050], 22050).peakFrameDb());
    }
}
