package dev.fidel.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What a prepare-data run did.
 *
 * @param upToDate true when inputs and settings were unchanged and the work was skipped
 * @param data the prepared data (its manifest read back when the work was skipped)
 * @param outcomes what became of each input of the corpus, in corpus order (empty when the work was skipped)
 * @param decodedSeconds seconds of audio decoded in this run (0 when skipped)
 * @param wallSeconds how long this run took
 */
public record PrepareDataResult(boolean upToDate, PreparedData data, List<UtteranceOutcome> outcomes, double decodedSeconds,
        double wallSeconds) {

    public Path outputDirectory() {
        return data.folder();
    }

    public DataManifest manifest() {
        return data.manifest();
    }

    public int accepted() {
        return data.accepted();
    }

    public int rejected() {
        return data.rejected();
    }

    /** Seconds of audio decoded per second of wall time: the throughput. */
    public double audioSecondsPerSecond() {
        return wallSeconds > 0 ? decodedSeconds / wallSeconds : 0;
    }

    /** One line for the log. */
    public String summary() {
        return data.summary();
    }
}
