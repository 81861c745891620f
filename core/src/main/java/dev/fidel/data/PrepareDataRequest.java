package dev.fidel.data;

import java.nio.file.Path;

/**
 * Everything {@link PrepareData} needs, as the build configured it.
 *
 * @param corpusDirectory the corpus (any mix of the layouts {@link CorpusReader} reads)
 * @param outputDirectory where the splits, audio, rejected list and manifest go (owned by prepare-data)
 * @param sampleRate sample rate of the normalized audio, Hz
 * @param limits what an utterance must keep to be used
 * @param maxRejectedRatio largest share of rejected inputs that still lets the build pass
 * @param force redo the work even when inputs and settings are unchanged
 * @param threads decoder threads
 */
public record PrepareDataRequest(Path corpusDirectory, Path outputDirectory, int sampleRate, QualityLimits limits,
        double maxRejectedRatio, boolean force, int threads) {

    public static final int DEFAULT_SAMPLE_RATE = 22050;
    public static final double DEFAULT_MAX_REJECTED_RATIO = 0.2;

    /** Up to four decoder threads, never more than the machine's processors. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
