package dev.fidel.audio;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decodes any audio FFmpeg reads (WAV, FLAC, MP3, OGG Vorbis, Opus, ...) to 16-bit mono PCM at one
 * sample rate: FFmpeg downmixes and resamples ({@link FfmpegInput}). Thread-safe: each call opens its own input.
 */
public final class AudioDecoder {

    /** The first buffer holds at most this many seconds, whatever a header announces; it grows as audio is decoded. */
    static final double INITIAL_SECONDS = 60;
    /** The most samples one decode returns (an array's limit). */
    static final long MAX_SAMPLES = Integer.MAX_VALUE - 16;

    private final int sampleRate;
    private final SwresampleContexts contexts = new SwresampleContexts(this);

    public AudioDecoder(int sampleRate) {
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside 8000..192000");
        }
        this.sampleRate = sampleRate;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /**
     * The whole file, refused as {@linkplain AudioException#tooLong() too long} beyond {@link #MAX_SAMPLES} (about 27 hours
     * at 22,050 Hz, the most one array holds). Use {@link #decodeAtMost(Path, double)} for a file that may be long.
     */
    public DecodedAudio decode(Path file) throws AudioException {
        return read(file, MAX_SAMPLES, true);
    }

    /**
     * The file's first {@code seconds} at most: decoding stops there and the rest is never read, so a
     * long file costs no more than the limit. The result is then exactly {@code seconds} long (a caller
     * tells a cut file by that). For a file that must be whole, use {@link #decodeAtMost(Path, double)}.
     */
    public DecodedAudio decode(Path file, double seconds) throws AudioException {
        return read(file, samples(seconds), false);
    }

    /**
     * The whole file if it lasts at most {@code maxSeconds}; otherwise an {@link AudioException} whose
     * {@link AudioException#tooLong()} is true, thrown as soon as the decoded audio passes the limit (one
     * frame past it at most is read; the rest never is). Neither limit nor header makes it allocate more
     * than what it decodes: the header's announced length sizes the first buffer only up to the limit and
     * {@link #INITIAL_SECONDS}.
     */
    public DecodedAudio decodeAtMost(Path file, double maxSeconds) throws AudioException {
        return read(file, samples(maxSeconds), true);
    }

    private long samples(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("the decoding limit must be a positive number of seconds, was " + seconds);
        }
        return (long) Math.min(MAX_SAMPLES, Math.ceil(seconds * sampleRate));
    }

    /** Decodes up to {@code limit} samples; more is cut off, or refused as too long when {@code refuseLonger}. */
    private DecodedAudio read(Path file, long limit, boolean refuseLonger) throws AudioException {
        String truncated;
        try {
            if (Files.size(file) == 0) {
                throw new AudioException("the file is empty (0 bytes)", false);
            }
            truncated = WavHeader.truncation(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AudioException("the file does not exist", false);
        } catch (IOException e) {
            throw new AudioException("cannot read the file: " + e, false);
        }
        if (truncated != null) {
            throw new AudioException("truncated WAV: " + truncated, true);
        }
        // What WavWriter writes, at this rate and within the limit, is read as it is: the samples FFmpeg gives, without it.
        try {
            if (Files.size(file) <= WavReader.HEADER + 2 * limit) {
                Optional<short[]> plain = WavReader.pcm16Mono(file, sampleRate);
                if (plain.isPresent()) {
                    return new DecodedAudio(plain.get(), sampleRate, 1, sampleRate, WavReader.CODEC);
                }
            }
        } catch (IOException e) {
            throw new AudioException("cannot read the file: " + e, false);
        }
        return ffmpeg(file, limit, refuseLonger);
    }

    /** The whole file decoded by FFmpeg, whatever it is (the reference the plain-WAV read is compared with). */
    DecodedAudio ffmpeg(Path file) throws AudioException {
        return ffmpeg(file, MAX_SAMPLES, true);
    }

    private DecodedAudio ffmpeg(Path file, long limit, boolean refuseLonger) throws AudioException {
        try (FfmpegInput input = new FfmpegInput(file, sampleRate, contexts)) {
            int channels = input.channels();
            int rate = input.sampleRate();
            String codec = input.codecName();
            double announced = input.announcedSeconds();
            // The announced length is untrusted: it sizes the first buffer only up to a minute and the limit.
            double firstSeconds = Math.min(announced > 0 ? announced : INITIAL_SECONDS, INITIAL_SECONDS);
            short[] out = new short[(int) Math.max(1024, Math.min(firstSeconds * sampleRate + 1024, limit))];
            int n = 0;
            boolean cut = false;
            ShortBuffer buffer;
            while (!cut && (buffer = input.next()) != null) {
                if (refuseLonger && buffer.remaining() > limit - n) {
                    throw new AudioException(String.format(java.util.Locale.ROOT,
                            "too long: it lasts more than the %.2f s allowed (decoding stopped there; the rest was not read)",
                            (double) limit / sampleRate), AudioException.Kind.TOO_LONG);
                }
                int count = (int) Math.min(buffer.remaining(), limit - n);
                cut = !refuseLonger && (count < buffer.remaining() || n + count >= limit);
                if (n + count > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(limit, Math.max(2L * out.length, (long) n + count)));
                }
                buffer.get(out, n, count);
                n += count;
            }
            if (cut) {
                return new DecodedAudio(Arrays.copyOf(out, n), sampleRate, channels, rate, codec);
            }
            if (n == 0) {
                throw new AudioException("FFmpeg decodes no samples from it", false);
            }
            // FLAC, MP3 with a Xing/Info header, WAV: the header knows the length; a file cut short decodes less.
            double decoded = (double) n / sampleRate;
            if (announced > 0 && decoded < announced * 0.95 - 0.25) {
                throw new AudioException(String.format(java.util.Locale.ROOT,
                        "FFmpeg decodes %.2f s of the %.2f s its header announces", decoded, announced), true);
            }
            return new DecodedAudio(Arrays.copyOf(out, n), sampleRate, channels, rate, codec);
        } catch (RuntimeException e) {
            throw new AudioException("FFmpeg cannot decode it: " + e, false);
        }
    }
}
