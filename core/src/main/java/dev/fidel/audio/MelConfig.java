package dev.fidel.audio;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The log-mel feature settings, in one place. Defaults follow XTTS/Tacotron practice at 22,050 Hz.
 *
 * @param sampleRate samples per second
 * @param nFft FFT size (and Hann window length)
 * @param hop samples between frames
 * @param mels number of mel bands
 * @param fMin lowest band edge in Hz
 * @param fMax highest band edge in Hz
 */
public record MelConfig(
        @JsonProperty("sampleRate") int sampleRate,
        @JsonProperty("nFft") int nFft,
        @JsonProperty("hop") int hop,
        @JsonProperty("mels") int mels,
        @JsonProperty("fMin") double fMin,
        @JsonProperty("fMax") double fMax) {

    /**
     * Refuses sizes no feature extraction could use; a saved recognizer or checkpoint carries its settings, and
     * these bound what they make it allocate (an FFT window, a filterbank of mels x (nFft/2 + 1)).
     */
    public MelConfig {
        if (sampleRate < 8000 || sampleRate > 192_000 || nFft < 16 || nFft > 1 << 16 || hop < 1 || hop > nFft || mels < 1
                || mels > 512 || !(fMin >= 0) || !(fMax > fMin)) {
            throw new IllegalArgumentException("mel settings outside what Fidel computes (sampleRate 8000..192000, nFft 16..65536,"
                    + " hop 1..nFft, mels 1..512, 0 <= fMin < fMax): sampleRate " + sampleRate + ", nFft " + nFft + ", hop " + hop
                    + ", mels " + mels + ", fMin " + fMin + ", fMax " + fMax);
        }
    }

    public static MelConfig defaults() {
        return new MelConfig(22050, 1024, 256, 80, 0, 8000);
    }

    /** Frames per second of audio. */
    public double framesPerSecond() {
        return (double) sampleRate / hop;
    }
}
