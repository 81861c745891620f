package dev.fidel.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timed lyrics ({@code .lrc}): each {@code [mm:ss.xx]} line starts an utterance that lasts until the
 * next timestamp (the last one until the end of the audio). A line with a timestamp and no text only
 * ends the one before it. {@code [offset:+/-ms]} shifts every time, as the format says.
 */
public final class LrcLyrics {

    private static final Pattern TIME = Pattern.compile("\\[(\\d{1,3}):(\\d{1,2}(?:[.:]\\d{1,3})?)\\]");
    private static final Pattern OFFSET = Pattern.compile("\\[offset:\\s*([+-]?\\d+)\\s*\\]", Pattern.CASE_INSENSITIVE);

    /** One timed utterance: from {@code start} to {@code end} seconds, with its 1-based line number. */
    public record Segment(double start, double end, String text, int line) {
    }

    private record Cue(double time, String text, int line) {
    }

    private LrcLyrics() {
    }

    /** The largest offset taken, in milliseconds (a day): more is a broken file, not a shift. */
    static final long MAX_OFFSET_MS = 86_400_000L;

    /**
     * The segments of an .lrc text, in time order; empty when it has no timestamps.
     *
     * @throws IOException naming the line, for an offset out of range
     */
    public static List<Segment> parse(String content) throws IOException {
        List<Cue> cues = new ArrayList<>();
        double offset = 0;
        String[] lines = content.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher o = OFFSET.matcher(line);
            if (o.matches()) {
                String digits = o.group(1).replaceFirst("^[+-]", "");
                long ms = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
                if (ms > MAX_OFFSET_MS) {
                    throw new IOException("line " + (i + 1) + ": " + line + " shifts the times by more than a day ("
                            + MAX_OFFSET_MS + " ms at most)");
                }
                offset = (o.group(1).startsWith("-") ? -ms : ms) / 1000.0;
                continue;
            }
            Matcher m = TIME.matcher(line);
            List<Double> times = new ArrayList<>();
            int end = 0;
            while (m.find() && m.start() == end) {
                String seconds = m.group(2).replace(':', '.');
                times.add(Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(seconds));
                end = m.end();
            }
            String text = line.substring(end).strip();
            for (double t : times) {
                cues.add(new Cue(t, text, i + 1));
            }
        }
        final double shift = offset;
        cues.sort(Comparator.comparingDouble(Cue::time).thenComparingInt(Cue::line));
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            if (cue.text().isEmpty()) {
                continue;
            }
            double next = i + 1 < cues.size() ? cues.get(i + 1).time() - shift : Double.POSITIVE_INFINITY;
            segments.add(new Segment(Math.max(0, cue.time() - shift), next, cue.text(), cue.line()));
        }
        return segments;
    }

    /** The id of the {@code index}-th (0-based) segment of the lyrics of {@code stem}. */
    public static String id(String stem, int index) {
        return stem + "-" + String.format(Locale.ROOT, "%03d", index + 1);
    }
}
