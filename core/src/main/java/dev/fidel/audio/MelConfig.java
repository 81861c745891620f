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

    public static MelConfig defaults() {
        return new MelConfig(22050, 1024, 256, 80, 0, 8000);
    }

    /** Frames per second of audio. */
    public double framesPerSecond() {
        return (double) sampleRate / hop;
    }
}
