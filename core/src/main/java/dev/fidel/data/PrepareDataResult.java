package dev.fidel.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a prepare-data run did.
 *
 * @param upToDate true when inputs and settings were unchanged and the work was skipped
 * @param outputDirectory the prepared data folder
 * @param manifest its manifest (read back when the work was skipped)
 * @param decodedSeconds seconds of audio decoded in this run (0 when skipped)
 * @param wallSeconds how long this run took
 */
public record PrepareDataResult(boolean upToDate, Path outputDirectory, DataManifest manifest, double decodedSeconds,
        double wallSeconds) {

    public int accepted() {
        return manifest.count("accepted");
    }

    public int rejected() {
        return manifest.count("rejected");
    }

    /** Seconds of audio decoded per second of wall time: the throughput. */
    public double audioSecondsPerSecond() {
        return wallSeconds > 0 ? decodedSeconds / wallSeconds : 0;
    }

    /** One line for the log. */
    public String summary() {
        Map<String, Double> d = manifest.durations();
        return String.format(Locale.ROOT,
                "%d utterances (%.1f min of audio, %d speakers): train %d, val %d, test %d; %d rejected%s",
                accepted(), d.getOrDefault("total", 0.0) / 60, manifest.speakers().size(), manifest.count("train"),
                manifest.count("val"), manifest.count("test"), rejected(),
                rejected() == 0 ? "" : " (" + PrepareData.topReasons(manifest.rejectedByReason(), 5) + ")");
    }
}
