package dev.fidel.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads back what {@link WavWriter} writes (16-bit PCM mono WAV at one sample rate) without FFmpeg: a checked RIFF
 * header and the samples as they are, the same samples FFmpeg gives, without it. {@link AudioDecoder} reads such a file
 * here; any other file (another format, rate, channel count or bit depth; extra chunks before {@code data}; a data chunk
 * the file does not hold) it decodes through FFmpeg, which converts it or says what is wrong.
 */
public final class WavReader {

    static final int RIFF = 0x46464952;
    static final int WAVE = 0x45564157;
    private static final int FMT = 0x20746d66;
    static final int DATA = 0x61746164;
    /** The header's bytes before the samples. */
    static final int HEADER = 44;
    /** FFmpeg's name of the codec: what {@link DecodedAudio#codec()} says of such a file. */
    static final String CODEC = "pcm_s16le";

    private WavReader() {
    }

    /**
     * The samples of {@code file} when it is exactly a 16-bit PCM mono WAV at {@code sampleRate} whose {@code data}
     * chunk follows a 16-byte {@code fmt } chunk (what {@link WavWriter} writes) and is all there; otherwise empty.
     */
    public static Optional<short[]> pcm16Mono(Path file, int sampleRate) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean plain = b.getInt(0) == RIFF && b.getInt(8) == WAVE && b.getInt(12) == FMT && b.getInt(16) == 16
                && b.getShort(20) == 1 // PCM
                && b.getShort(22) == 1 // mono
                && b.getInt(24) == sampleRate && b.getInt(28) == sampleRate * 2 && b.getShort(32) == 2
                && b.getShort(34) == 16 && b.getInt(36) == DATA;
        long data = Integer.toUnsignedLong(b.getInt(40));
        if (!plain || data == 0 || (data & 1) != 0 || data > bytes.length - HEADER) {
            return Optional.empty();
        }
        short[] samples = new short[(int) (data / 2)];
        b.position(HEADER);
        b.asShortBuffer().get(samples);
        return Optional.of(samples);
    }
}
