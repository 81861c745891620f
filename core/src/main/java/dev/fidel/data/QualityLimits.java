package dev.fidel.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The limits an utterance must keep to be used for training.
 *
 * @param minDuration shortest usable utterance, seconds
 * @param maxDuration longest usable utterance, seconds
 * @param minCharsPerSecond fewest spoken characters (letters and digits of the normalized text, an
 *     Ethiopic syllable counting one) per second of audio; below it the audio is too long for its text
 * @param maxCharsPerSecond most spoken characters per second; above it the text is too long for its audio
 * @param maxClippedShare largest share of samples at full scale
 * @param minPeakFrameDb quietest allowed loudest-20-ms level, dBFS; below it the audio is near silence
 * @param minEthiopicShare smallest share of Ethiopic letters among the transcript's letters
 */
public record QualityLimits(
        @JsonProperty("minDuration") double minDuration,
        @JsonProperty("maxDuration") double maxDuration,
        @JsonProperty("minCharsPerSecond") double minCharsPerSecond,
        @JsonProperty("maxCharsPerSecond") double maxCharsPerSecond,
        @JsonProperty("maxClippedShare") double maxClippedShare,
        @JsonProperty("minPeakFrameDb") double minPeakFrameDb,
        @JsonProperty("minEthiopicShare") double minEthiopicShare) {

    public static final double DEFAULT_MIN_DURATION = 0.3;
    public static final double DEFAULT_MAX_DURATION = 20.0;

    /** The defaults, with the durations given. */
    public static QualityLimits withDurations(double minDuration, double maxDuration) {
        return new QualityLimits(minDuration, maxDuration, 1.0, 20.0, 0.001, -40.0, 0.5);
    }

    public static QualityLimits defaults() {
        return withDurations(DEFAULT_MIN_DURATION, DEFAULT_MAX_DURATION);
    }
}
