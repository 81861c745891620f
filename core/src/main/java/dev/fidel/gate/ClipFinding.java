package dev.fidel.gate;

import dev.fidel.audio.AudioLevels;
import java.util.Locale;

/**
 * Why a clip was not worth transcribing: listed in the report with its detail and scored as CER 1.0.
 *
 * @param kind what is wrong
 * @param detail the measured figure, in words
 */
public record ClipFinding(Kind kind, String detail) {

    /** What can be wrong with a clip. */
    public enum Kind {
        MISSING, UNREADABLE, SILENT, CLIPPED, TOO_SHORT, TOO_LONG;

        /** The word the report uses: {@code silent}, {@code too short}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** Loudest 20 ms below this level: silence (speech peaks near -20 dBFS and above). */
    static final double SILENT_DB = -45;
    /** More than this share of samples at full scale: clipped (a healthy clip has next to none). */
    static final double CLIPPED_SHARE = 0.05;
    /** Under this many seconds per character (about 50 characters a second, four times fast speech): far too short. */
    static final double MIN_SECONDS_PER_CHARACTER = 0.02;
    /** Over this many seconds per character plus {@link #SLACK_SECONDS} (about one character a second): far too long. */
    static final double MAX_SECONDS_PER_CHARACTER = 1.0;
    static final double SLACK_SECONDS = 2.0;

    /** The longest clip decoded for a text of {@code characters}: one second past "far too long". */
    static double longestDecoded(int characters) {
        return SLACK_SECONDS + MAX_SECONDS_PER_CHARACTER * Math.max(1, characters) + 1;
    }

    /** What is wrong with 16-bit mono {@code pcm} at {@code sampleRate} speaking {@code characters} characters, or null. */
    static ClipFinding inspect(short[] pcm, int sampleRate, int characters) {
        double seconds = (double) pcm.length / sampleRate;
        int chars = Math.max(1, characters);
        if (seconds > SLACK_SECONDS + MAX_SECONDS_PER_CHARACTER * chars) {
            return new ClipFinding(Kind.TOO_LONG, String.format(Locale.ROOT, "%.2f s for %d characters (at most %.1f s)",
                    seconds, chars, SLACK_SECONDS + MAX_SECONDS_PER_CHARACTER * chars));
        }
        if (seconds < MIN_SECONDS_PER_CHARACTER * chars) {
            return new ClipFinding(Kind.TOO_SHORT, String.format(Locale.ROOT, "%.3f s for %d characters (at least %.2f s)",
                    seconds, chars, MIN_SECONDS_PER_CHARACTER * chars));
        }
        AudioLevels levels = AudioLevels.of(pcm, sampleRate);
        if (!(levels.peakFrameDb() >= SILENT_DB)) {
            return new ClipFinding(Kind.SILENT, String.format(Locale.ROOT, "loudest 20 ms at %.1f dBFS (silence below %.0f)",
                    levels.peakFrameDb(), SILENT_DB));
        }
        if (levels.clippedShare() > CLIPPED_SHARE) {
            return new ClipFinding(Kind.CLIPPED, String.format(Locale.ROOT, "%.1f%% of samples at full scale (at most %.0f%%)",
                    100 * levels.clippedShare(), 100 * CLIPPED_SHARE));
        }
        return null;
    }
}
