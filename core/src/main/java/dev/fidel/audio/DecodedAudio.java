package dev.fidel.audio;

/**
 * Audio decoded to 16-bit mono PCM at one sample rate, with what the source file was.
 *
 * @param samples mono samples at {@code sampleRate}
 * @param sampleRate samples per second of {@code samples}
 * @param sourceChannels channel count of the file before the downmix
 * @param sourceSampleRate sample rate of the file before resampling
 * @param codec FFmpeg's name of the file's audio codec
 */
public record DecodedAudio(short[] samples, int sampleRate, int sourceChannels, int sourceSampleRate, String codec) {

    /** Seconds of audio. */
    public double duration() {
        return (double) samples.length / sampleRate;
    }

    /** The samples from {@code start} to {@code end} seconds, clamped to the audio. */
    public DecodedAudio cut(double start, double end) {
        int from = (int) Math.max(0, Math.min(samples.length, Math.round(start * sampleRate)));
        int to = (int) Math.max(from, Math.min(samples.length, Math.round(end * sampleRate)));
        return new DecodedAudio(java.util.Arrays.copyOfRange(samples, from, to), sampleRate, sourceChannels, sourceSampleRate, codec);
    }
}
