package dev.fidel.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqMelCodecTest {

    static List<float[][]> mels;
    static final VqMelCodec.Settings SETTINGS = new VqMelCodec.Settings(32, 2, 10_000, 10, 42);

    @BeforeAll
    static void readSpeech() throws Exception {
        MelSpectrogram spectrogram = new MelSpectrogram(MelConfig.defaults());
        mels = List.of(spectrogram.compute(samples("u00224.wav")), spectrogram.compute(samples("u00163.wav")));
    }

    @Test
    void roundTripOnRealSpeechKeepsMostOfTheSignal() {
        VqMelCodec codec = VqMelCodec.learn(mels, SETTINGS);
        double error = codec.reconstructionError(mels);
        double variance = variance(mels);
        // 32 codes over ~100 vectors: the error must be a small share of the signal's own variance.
        assertTrue(error < 0.25 * variance, "MSE " + error + " vs variance " + variance);
        int[] codes = codec.encode(mels.get(0));
        assertEquals((mels.get(0).length + 1) / 2, codes.length);
        assertEquals(codes.length * 2, codec.decode(codes).length);
        for (int c : codes) {
            assertTrue(c >= 0 && c < 32);
        }
    }

    @Test
    void sameDataAndSeedGiveTheSameCodecAndSavingKeepsIt(@TempDir Path dir) throws Exception {
        VqMelCodec codec = VqMelCodec.learn(mels, SETTINGS);
        assertEquals(codec.sha256(), VqMelCodec.learn(mels, SETTINGS).sha256());
        Path file = dir.resolve("codec.vq");
        codec.save(file);
        VqMelCodec loaded = VqMelCodec.load(file);
        assertEquals(codec.sha256(), loaded.sha256());
        assertArrayEquals(codec.encode(mels.get(1)), loaded.encode(mels.get(1)));
        assertEquals(codec.header(), loaded.header());
    }

    @Test
    void aTruncatedFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("codec.vq");
        VqMelCodec.learn(mels, SETTINGS).save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        FidelException e = assertThrows(FidelException.class, () -> VqMelCodec.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    static double variance(List<float[][]> mels) {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (float[][] mel : mels) {
            for (float[] frame : mel) {
                for (float v : frame) {
                    sum += v;
                    sumSq += v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    static float[] samples(String name) throws Exception {
        try (InputStream raw = VqMelCodecTest.class.getResourceAsStream(name);
                AudioInputStream in = AudioSystem.getAudioInputStream(new java.io.BufferedInputStream(raw))) {
            byte[] bytes = in.readAllBytes();
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = buf.getShort() / 32768f;
            }
            return out;
        }
    }
}
