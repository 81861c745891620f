package dev.fidel.data;

import dev.fidel.audio.AudioLevels;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.text.Ethiopic;
import java.util.Locale;

/**
 * The checks one utterance must pass. Each returns the first failure, or null when it passes. Text
 * checks run before decoding (they are cheap); audio checks need the decoded, cut segment.
 */
public final class UtteranceChecks {

    private UtteranceChecks() {
    }

    /** Checks the normalized transcript: not empty, mostly Ethiopic. */
    public static CheckFailure text(String normalized, QualityLimits limits) {
        if (spokenCharacters(normalized) == 0) {
            return new CheckFailure(RejectReason.EMPTY_TRANSCRIPT, "the transcript has no letters or digits after normalization");
        }
        double share = ethiopicShare(normalized);
        if (share < limits.minEthiopicShare()) {
            return new CheckFailure(RejectReason.NOT_ETHIOPIC, fmt("%.0f%% of the transcript's letters are Ethiopic, below the minimum %.0f%%",
                    100 * share, 100 * limits.minEthiopicShare()));
        }
        return null;
    }

    /** Checks the audio of one utterance against its normalized transcript. */
    public static CheckFailure audio(DecodedAudio audio, String normalized, QualityLimits limits) {
        double seconds = audio.duration();
        if (seconds < limits.minDuration()) {
            return new CheckFailure(RejectReason.TOO_SHORT, fmt("%.2f s is shorter than minDuration %.2f s", seconds, limits.minDuration()));
        }
        if (seconds > limits.maxDuration()) {
            return new CheckFailure(RejectReason.TOO_LONG, fmt("%.2f s is longer than maxDuration %.2f s", seconds, limits.maxDuration()));
        }
        double cps = spokenCharacters(normalized) / seconds;
        if (cps < limits.minCharsPerSecond() || cps > limits.maxCharsPerSecond()) {
            return new CheckFailure(RejectReason.CHARS_PER_SECOND, fmt(
                    "%d characters in %.2f s is %.1f per second, outside %.1f..%.1f: the transcript does not belong to this audio",
                    spokenCharacters(normalized), seconds, cps, limits.minCharsPerSecond(), limits.maxCharsPerSecond()));
        }
        AudioLevels levels = AudioLevels.of(audio.samples(), audio.sampleRate());
        if (levels.clippedShare() > limits.maxClippedShare()) {
            return new CheckFailure(RejectReason.CLIPPING, fmt("%.2f%% of the samples are at full scale, above the maximum %.2f%%",
                    100 * levels.clippedShare(), 100 * limits.maxClippedShare()));
        }
        if (levels.peakFrameDb() < limits.minPeakFrameDb()) {
            return new CheckFailure(RejectReason.NEAR_SILENCE, fmt("the loudest 20 ms are at %.1f dBFS, below %.1f dBFS",
                    levels.peakFrameDb(), limits.minPeakFrameDb()));
        }
        return null;
    }

    /** Letters and digits: what a reader speaks (an Ethiopic syllable is one character). */
    public static int spokenCharacters(String text) {
        return (int) text.codePoints().filter(Character::isLetterOrDigit).count();
    }

    /** Share of the letters that are Ethiopic ({@link Ethiopic#isLetter}); 0 when there are no letters. */
    public static double ethiopicShare(String text) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long ethiopic = text.codePoints().filter(Ethiopic::isLetter).count();
        return letters == 0 ? 0 : (double) ethiopic / letters;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
