package dev.fidel.vocoder;

import dev.fidel.audio.MelConfig;

/** Log-mel spectrogram to waveform: Griffin-Lim today, a neural vocoder later, behind one interface. */
public interface Vocoder {

    /** The features {@link #synthesize} reads. */
    MelConfig melConfig();

    /**
     * Mono samples in about [-1, 1] at {@code melConfig().sampleRate()}, {@code (frames - 1) * hop}
     * long, from {@code [frames][mels]} natural-log mel power (as {@code MelSpectrogram} computes it).
     */
    float[] synthesize(float[][] logMel);
}
