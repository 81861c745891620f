package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The recognizer's network sizes: two 1-D convolutions of stride 2 over the log-mel frames (four
 * mel frames per output step, ~21.5 steps per second at hop 256), a bidirectional GRU, and a linear
 * layer onto the character classes.
 *
 * @param convChannels channels of both convolutions
 * @param kernel convolution width in frames (odd)
 * @param gruSize GRU state size per direction
 * @param gruLayers stacked GRU layers
 */
public record CtcRecognizerConfig(
        @JsonProperty("convChannels") int convChannels,
        @JsonProperty("kernel") int kernel,
        @JsonProperty("gruSize") int gruSize,
        @JsonProperty("gruLayers") int gruLayers) {

    public CtcRecognizerConfig {
        if (kernel % 2 == 0 || kernel < 1) {
            throw new IllegalArgumentException("recognizer kernel must be odd, was " + kernel);
        }
        if (convChannels < 1 || gruSize < 1 || gruLayers < 1) {
            throw new IllegalArgumentException("recognizer sizes must be positive: " + this);
        }
    }

    /** The sizes of the PyTorch prototype that reached CER 0.017 (conv 256, GRU 2 x 192). */
    public static CtcRecognizerConfig defaults() {
        return new CtcRecognizerConfig(256, 5, 192, 2);
    }

    /** Output steps for {@code frames} mel frames: two halvings, rounding up. */
    public static int outputFrames(int frames) {
        return (((frames + 1) / 2) + 1) / 2;
    }
}
