package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.gate.GateRequest;
import dev.fidel.gate.RoundTripGate;
import dev.fidel.gate.RoundTripReport;
import dev.fidel.gate.Thresholds;
import dev.fidel.gate.Verdict;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.TempoPerturbation;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The automated listener: the {@code <synthesizer>} speaks the sentences, a recognizer (built-in, trained on the training split, or
 * Whisper) transcribes them, and the build fails when the CER is above {@code maxCer} or worse than a {@code baseline}'s by more than
 * {@code tolerance}. Writes {@code report.json} and a self-contained {@code report.html}. Skipped by {@code -DskipTests}, like Surefire. */
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

    /** Safety limit on the built-in recognizer's training, in seconds: hitting it is reported and the recognizer is not used. */
    @Parameter(property = FidelProperties.RECOGNIZER_SECONDS, defaultValue = "7200")
    private double recognizerSeconds;

    /** Optimizer steps of the built-in recognizer's training: its budget (the same on every machine). */
    @Parameter(property = FidelProperties.RECOGNIZER_STEPS, defaultValue = "2500")
    private int recognizerSteps;

    /** Speaking rates the built-in recognizer is trained on, as factors of the corpus's: {@code SLOWEST-FASTEST} or {@code off}. */
    @Parameter(property = FidelProperties.RECOGNIZER_TEMPO, defaultValue = "0.7-1.2")
    private String recognizerTempo;

    /** The vocabulary the checkpoint must have been trained with (unset: the embedded one, nothing compared). */
    @Parameter(property = FidelProperties.ROUNDTRIP_VOCABULARY)
    private File vocabulary;

    /** The highest CER of the recognizer on held-out real recordings; above it the build stops with a setup error. */
    @Parameter(property = FidelProperties.MAX_RECOGNIZER_CER, defaultValue = "0.2")
    private double maxRecognizerCer;

    /** What speaks: {@code <checkpoint>} (default: the goal's {@code checkpoint}), {@code <command>} or {@code <recordings>}. */
    @Parameter
    private SynthesizerParameter synthesizer;

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
    /** Seeds the synthesis (sampling), so a rerun hears the same clips. */
    @Parameter(defaultValue = "1234")
    private long seed;

    @Parameter(property = FidelProperties.ROUNDTRIP_OUTPUT, defaultValue = "${project.build.directory}/fidel/roundtrip")
    private File outputDirectory;

    /** Writes the report and logs the verdict without failing the build (a checkpoint watched, not gated). */
    @Parameter(property = FidelProperties.ROUNDTRIP_REPORT_ONLY, defaultValue = "false")
    private boolean reportOnly;

    /** A checkpoint trained with another normalizer profile: {@code FAIL} refuses it; {@code REPORT} goes on, listing the rules. */
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
        RoundTripReport report = new RoundTripGate(events).run(request());
        if (reportOnly && !report.passed()) {
            getLog().warn("verify-roundtrip would fail the build (<reportOnly> is true, so it does not): "
                    + String.join("; ", report.failures()));
            return;
        }
        Verdict.check(report);
    }

    /** The parameters as the core's request. */
    GateRequest request() throws FidelException {
        return new GateRequest(new GateRequest.Sentences(data.toPath(), path(sentences), maxSentences),
                SynthesizerParameter.choice(synthesizer, checkpoint, vocabulary, speakerReference, referenceFrames, seed),
                new GateRequest.Listening(
                        EnumParameter.parse(GateRequest.RecognizerKind.class, recognizer, "recognizer", FidelProperties.RECOGNIZER),
                        path(whisperModel), recognizerDirectory.toPath(),
                        RecognizerCache.Settings.withBudget(recognizerSteps, recognizerSeconds, TempoPerturbation.parse(recognizerTempo)),
                        maxRecognizerCer, referenceSentences),
                new Thresholds(maxCer, path(baseline), tolerance), outputDirectory.toPath(), force, configuredProfile(),
                drift(normalizerDrift));
    }

    @Override
    protected String goal() {
        return "verify-roundtrip";
    }
}
