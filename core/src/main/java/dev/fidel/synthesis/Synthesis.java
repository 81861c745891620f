package dev.fidel.synthesis;

import dev.fidel.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one synthesis produced: mono samples in [-1, 1], the mel they were made from (segments one
 * after another, no pause frames), and per segment its text and codes.
 */
public record Synthesis(float[] samples, int sampleRate, float[][] mel, List<SegmentResult> segments) {

    /** One segment: its normalized text, token count, generated codes and whether the model stopped itself. */
    public record SegmentResult(String text, int textTokens, int[] codes, boolean stopped) {
    }

    public double seconds() {
        return (double) samples.length / sampleRate;
    }

    /** 16-bit PCM, clipped. */
    public short[] pcm16() {
        short[] out = new short[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(Math.max(-1f, Math.min(1f, samples[i])) * 32767f);
        }
        return out;
    }

    public byte[] wavBytes() {
        return WavWriter.bytes(pcm16(), sampleRate);
    }

    public void writeWav(Path file) throws IOException {
        WavWriter.write(file, pcm16(), sampleRate);
    }
}
