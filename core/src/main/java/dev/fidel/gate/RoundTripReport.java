package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@code report.json} holds: a {@link Measurement} and its {@link Verdict}. The model's figures (all sentences,
 * seen in training, unseen), the references beside them (the recognizer on real recordings; real recordings through
 * the codec and vocoder: the ceiling a model of this codec can reach), the baseline comparison and the verdict.
 *
 * @param format always {@code fidel-roundtrip-report}
 * @param formatVersion layout version
 * @param synthesizer what spoke: its kind and identity
 * @param inputs what else was measured with: recognizer, sentences, with their SHA-256
 * @param overall the gated figure's source: every sentence
 * @param seen sentences whose text is in the training split (null when none)
 * @param unseen the others (null when none)
 * @param recognizerOnRealRecordings the recognizer's figure on real held-out recordings (null when not measured)
 * @param codecCeiling real recordings through codec encode/decode and the vocoder (null when not measured)
 * @param synthesisRealTimeFactor seconds of synthesis per second of audio
 * @param maxCer the gate's limit on {@code overall.cer}
 * @param baseline the comparison with an earlier report (null without one)
 * @param passed the verdict
 * @param failures why it failed, empty when it passed
 * @param failedSetting the setting a failure is about ({@code maxCer}, {@code baseline}; null when passed)
 * @param sentences every sentence
 * @param warnings what the run went on despite, one line each; empty when none
 * @param notScored the characters of the sentences no figure counts, and why
 */
public record RoundTripReport(
        @JsonProperty("format") String format,
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("synthesizer") Map<String, String> synthesizer,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("overall") Figures overall,
        @JsonProperty("seen") Figures seen,
        @JsonProperty("unseen") Figures unseen,
        @JsonProperty("recognizerOnRealRecordings") Figures recognizerOnRealRecordings,
        @JsonProperty("codecCeiling") Figures codecCeiling,
        @JsonProperty("synthesisRealTimeFactor") double synthesisRealTimeFactor,
        @JsonProperty("maxCer") double maxCer,
        @JsonProperty("baseline") BaselineComparison baseline,
        @JsonProperty("passed") boolean passed,
        @JsonProperty("failures") List<String> failures,
        @JsonProperty("failedSetting") String failedSetting,
        @JsonProperty("sentences") List<SentenceResult> sentences,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("notScored") List<NotScored> notScored) {

    public RoundTripReport {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        notScored = notScored == null ? List.of() : List.copyOf(notScored);
    }

    public static final String FORMAT = "fidel-roundtrip-report";
    /** 3: figures on the spoken form, cerIgnoringSpaces, notScored. */
    public static final int FORMAT_VERSION = 3;

    /** The report of {@code measurement} judged by {@code verdict} under {@code thresholds}. */
    public static RoundTripReport of(Measurement measurement, Verdict verdict, Thresholds thresholds) {
        List<SentenceResult> results = measurement.sentences();
        return new RoundTripReport(FORMAT, FORMAT_VERSION, measurement.synthesizer(), measurement.inputs(), measurement.overall(),
                Figures.of(results, SentenceResult::seenInTraining), Figures.of(results, r -> !r.seenInTraining()),
                measurement.recognizerOnRealRecordings(), measurement.codecCeiling(), measurement.synthesisRealTimeFactor(),
                thresholds.maxCer(), verdict.baseline(), verdict.passed(), verdict.failures(), verdict.failedSetting(), results,
                measurement.warnings(), measurement.notScored());
    }

    /**
     * An earlier report's figure against this one's.
     *
     * @param file the baseline report
     * @param baselineCer its overall CER
     * @param tolerance how much worse this run may be
     * @param cer this run's overall CER
     * @param regressed whether {@code cer > baselineCer + tolerance}
     */
    public record BaselineComparison(
            @JsonProperty("file") String file,
            @JsonProperty("baselineCer") double baselineCer,
            @JsonProperty("tolerance") double tolerance,
            @JsonProperty("cer") double cer,
            @JsonProperty("regressed") boolean regressed) {
    }
}
