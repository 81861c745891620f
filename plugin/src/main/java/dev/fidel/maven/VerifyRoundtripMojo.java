package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.gate.RecognizerCache;
import dev.fidel.gate.RoundTrip;
import dev.fidel.gate.RoundTripGate;
import dev.fidel.gate.RoundTripReport;
import dev.fidel.recognition.CtcTrainingConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The automated listener: synthesizes sentences with a checkpoint, transcribes them with a recognizer
 * (the built-in one, trained on the prepared training split's real recordings and cached, or Whisper),
 * and fails the build when the character error rate is above {@code maxCer} or regressed from a
 * {@code baseline} report by more than {@code tolerance}. Writes {@code report.json} and a
 * self-contained {@code report.html}. Skipped by {@code -DskipTests}, like Surefire.
 */
@Mojo(name = "verify-roundtrip", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyRoundtripMojo extends AbstractFidelMojo {

    /** The TTS checkpoint folder, or a checkpoint store whose latest checkpoint is taken. */
    @Parameter(property = FidelProperties.CHECKPOINT, defaultValue = "${project.build.directory}/fidel/checkpoints")
    private File checkpoint;

    /** The prepared data ({@code train.jsonl}, {@code val.jsonl}, {@code test.jsonl} and their audio). */
    @Parameter(property = FidelProperties.DATA_OUTPUT, defaultValue = "${project.build.directory}/fidel/data")
    private File data;

    /** A UTF-8 file, one sentence a line ({@code #} starts a comment); default the test split's texts. */
    @Parameter(property = FidelProperties.SENTENCES)
    private File sentences;

    /** Sentences synthesized at most (0: all). */
    @Parameter(property = FidelProperties.MAX_SENTENCES, defaultValue = "40")
    private int maxSentences;

    /** Real test recordings the references (recognizer alone, codec ceiling) are measured on. */
    @Parameter(defaultValue = "40")
    private int referenceSentences;

    /** {@code builtin} (Fidel's CTC recognizer, trained on the training split) or {@code whisper}. */
    @Parameter(property = FidelProperties.RECOGNIZER, defaultValue = "builtin")
    private String recognizer;

    /** The whisper.cpp ggml model file; required when {@code recognizer} is {@code whisper}. */
    @Parameter(property = FidelProperties.WHISPER_MODEL)
    private File whisperModel;

    /** Where the built-in recognizer is cached. */
    @Parameter(defaultValue = "${project.build.directory}/fidel/recognizer")
    private File recognizerDirectory;

    /** Longest training of the built-in recognizer, in seconds (it stops earlier at {@code recognizerSteps}). */
    @Parameter(property = FidelProperties.RECOGNIZER_SECONDS, defaultValue = "600")
    private double recognizerSeconds;

    /** Most optimizer steps of the built-in recognizer's training. */
    @Parameter(property = FidelProperties.RECOGNIZER_STEPS, defaultValue = "2500")
    private int recognizerSteps;

    /**
     * The vocabulary the checkpoint must have been trained with (a folder or its {@code vocabulary.model});
     * unset: the vocabulary embedded in the checkpoint is used and nothing is compared.
     */
    @Parameter(property = FidelProperties.ROUNDTRIP_VOCABULARY)
    private File vocabulary;

    /** The highest acceptable character error rate over all sentences. */
    @Parameter(property = FidelProperties.MAX_CER, defaultValue = "0.35")
    private double maxCer;

    /** A {@code report.json} of an earlier run (committed): the build fails when this run is worse by more than {@code tolerance}. */
    @Parameter(property = FidelProperties.BASELINE)
    private File baseline;

    /** How much the CER may exceed the baseline's. */
    @Parameter(property = FidelProperties.TOLERANCE, defaultValue = "0.02")
    private double tolerance;

    /** A recording of the voice to speak with; default the first training recording. */
    @Parameter(property = FidelProperties.SPEAKER_REFERENCE)
    private File speakerReference;

    /** Mel frames of the speaker reference; default what the checkpoint records it was trained with. */
    @Parameter
    private Integer referenceFrames;

    @Parameter(defaultValue = "1234")
    private long seed;

    @Parameter(property = FidelProperties.ROUNDTRIP_OUTPUT, defaultValue = "${project.build.directory}/fidel/roundtrip")
    private File outputDirectory;

    /**
     * Writes the report and logs the verdict without failing the build: for watching checkpoints that are
     * not gated (a baseline being built, a comparison run). The gate is off; say so in the pom.
     */
    @Parameter(property = FidelProperties.ROUNDTRIP_REPORT_ONLY, defaultValue = "false")
    private boolean reportOnly;

    /**
     * A checkpoint trained with another normalizer profile than {@code <normalizerProfile>}: {@code FAIL} refuses it
     * before any work; {@code REPORT} goes on with the configured profile and lists the changed rules in the log and report.
     */
    @Parameter(property = FidelProperties.NORMALIZER_DRIFT, defaultValue = "FAIL")
    private String normalizerDrift;

    /** Skips this goal, as it skips the tests. */
    @Parameter(property = FidelProperties.SKIP_TESTS, defaultValue = "false")
    private boolean skipTests;

    @Override
    protected void run(EventSink events) throws FidelException {
        if (skipTests) {
            getLog().info("Skipping verify-roundtrip (" + FidelProperties.SKIP_TESTS + ")");
            return;
        }
        RoundTripGate.RecognizerKind kind;
        try {
            kind = RoundTripGate.RecognizerKind.valueOf(recognizer.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FidelException("recognizer '" + recognizer + "' is not one of builtin, whisper", "recognizer", e);
        }
        RoundTripReport report = new RoundTripGate(events).run(new RoundTripGate.Request(checkpoint.toPath(), data.toPath(),
                path(sentences), maxSentences, referenceSentences, path(speakerReference), referenceFrames == null ? 0 : referenceFrames, kind,
                path(whisperModel), recognizerDirectory.toPath(), recognizerSettings(),
                new RoundTrip.Settings(maxCer, path(baseline), tolerance, 5), outputDirectory.toPath(), seed, force, path(vocabulary),
                configuredProfile(), drift(normalizerDrift)));
        if (reportOnly && !report.passed()) {
            getLog().warn("verify-roundtrip would fail the build (<reportOnly> is true, so it does not): "
                    + String.join("; ", report.failures()));
            return;
        }
        RoundTrip.check(report, 5);
    }

    private RecognizerCache.Settings recognizerSettings() throws FidelException {
        if (!(recognizerSeconds > 0) || recognizerSteps <= 0) {
            throw new FidelException("<recognizerSeconds> " + recognizerSeconds + " and <recognizerSteps> " + recognizerSteps
                    + " must be positive", recognizerSeconds > 0 ? "recognizerSteps" : "recognizerSeconds", null);
        }
        RecognizerCache.Settings d = RecognizerCache.Settings.defaults();
        CtcTrainingConfig t = d.training();
        return new RecognizerCache.Settings(d.network(), new CtcTrainingConfig(t.batchSize(), t.learningRate(),
                Math.min(t.warmupSteps(), recognizerSteps), recognizerSteps, recognizerSeconds, t.clipNorm(), t.seed()), d.heldOutLimit());
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }

    @Override
    protected String goal() {
        return "verify-roundtrip";
    }
}
