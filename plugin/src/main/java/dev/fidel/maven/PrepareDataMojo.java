package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.data.PrepareData;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.PrepareDataResult;
import dev.fidel.data.QualityLimits;
import dev.fidel.event.EventSink;
import java.io.File;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prepares a speech corpus for training: reads the transcripts (Common Voice {@code .tsv}, LJSpeech
 * {@code metadata.csv}, {@code .lrc}, {@code .txt} or {@code .json} beside the audio), decodes and
 * resamples the audio with FFmpeg, checks every utterance, and writes {@code train.jsonl},
 * {@code val.jsonl}, {@code test.jsonl}, {@code rejected.jsonl}, the normalized audio and
 * {@code manifest.json}. Unchanged inputs and settings skip the work.
 */
@Mojo(name = "prepare-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class PrepareDataMojo extends AbstractFidelMojo {

    /** The corpus folder. */
    @Parameter(property = FidelProperties.CORPUS, defaultValue = "${project.basedir}/corpus")
    private File corpusDirectory;

    /** Where the prepared data goes; prepare-data owns this folder and replaces it as a whole. */
    @Parameter(property = FidelProperties.DATA_OUTPUT, defaultValue = "${project.build.directory}/fidel/data")
    private File outputDirectory;

    /** Sample rate of the normalized audio, Hz. */
    @Parameter(property = FidelProperties.SAMPLE_RATE, defaultValue = "22050")
    private int sampleRate;

    /** Shortest usable utterance, seconds. */
    @Parameter(property = FidelProperties.MIN_DURATION, defaultValue = "0.3")
    private double minDuration;

    /** Longest usable utterance, seconds. */
    @Parameter(property = FidelProperties.MAX_DURATION, defaultValue = "20")
    private double maxDuration;

    /** The build fails when a larger share of the corpus's inputs is rejected. */
    @Parameter(property = FidelProperties.MAX_REJECTED_RATIO, defaultValue = "0.2")
    private double maxRejectedRatio;

    @Override
    protected void run(EventSink events) throws FidelException {
        PrepareDataResult result = new PrepareData(configuredProfile(), path(normalizerProfile)).run(request(), events);
        getLog().info(result.summary());
        if (!result.upToDate()) {
            getLog().info(String.format(Locale.ROOT, "Prepared %s in %.1f s (%.0f s of audio per second)",
                    result.outputDirectory(), result.wallSeconds(), result.audioSecondsPerSecond()));
        }
    }

    /** The parameters as the core's request. */
    PrepareDataRequest request() {
        return new PrepareDataRequest(corpusDirectory.toPath(), outputDirectory.toPath(), sampleRate,
                QualityLimits.withDurations(minDuration, maxDuration), maxRejectedRatio, force, PrepareDataRequest.defaultThreads());
    }

    @Override
    protected String goal() {
        return "prepare-data";
    }
}
