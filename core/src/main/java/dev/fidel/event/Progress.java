package dev.fidel.event;

import java.util.Locale;

/** Formats a progress line: count, share, rate and time left. */
public final class Progress {

    private final String task;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final EventSink sink;
    private long lastReportNanos;

    public Progress(String task, long total, EventSink sink) {
        this.task = task;
        this.total = total;
        this.sink = sink;
    }

    /** Reports at most every two seconds, and always at the end. */
    public void update(long done, String detail) {
        long now = System.nanoTime();
        if (done < total && now - lastReportNanos < 2_000_000_000L) {
            return;
        }
        lastReportNanos = now;
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && total > 0 ? formatSeconds((total - done) / rate) : "?";
        String line = String.format(Locale.ROOT, "%s, %.1f/s, ETA %s", detail == null ? "" : detail, rate, eta);
        sink.progress(task, done, total, line);
    }

    static String line(String task, long done, long total, String detail) {
        String share = total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total) : "";
        return task + ": " + done + (total > 0 ? "/" + total : "") + share + (detail == null || detail.isEmpty() ? "" : " " + detail);
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
