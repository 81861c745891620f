package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What the gate measured, without any threshold: per sentence the expected, normalized and heard text, CER and
 * clip finding; the references beside them; the synthesizer's identity. Cached as {@code measurement.json} with a
 * fingerprint of what it depends on (sentences, synthesizer, recognizer; never {@code maxCer}, {@code tolerance} or
 * the baseline), so a change of thresholds only {@linkplain Verdict#judge judges it again}.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion layout version
 * @param synthesizer what spoke: kind and identity (checkpoint and step, or command and input hashes, or folder)
 * @param inputs what else was measured with: recognizer, sentences, normalizer
 * @param sentences every sentence
 * @param recognizerOnRealRecordings the recognizer on held-out real recordings (null when not measured)
 * @param codecCeiling real recordings through codec and vocoder (checkpoints only; null otherwise)
 * @param synthesisRealTimeFactor seconds of synthesis per second of audio (0 for recordings)
 * @param warnings what the run went on despite, one line each
 * @param notScored the characters of the sentences that no figure counts, and why (the scoring is on the spoken form)
 */
public record Measurement(
        @JsonProperty("format") String format,
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("synthesizer") Map<String, String> synthesizer,
        @JsonProperty("inputs") Map<String, String> inputs,
        @JsonProperty("sentences") List<SentenceResult> sentences,
        @JsonProperty("recognizerOnRealRecordings") Figures recognizerOnRealRecordings,
        @JsonProperty("codecCeiling") Figures codecCeiling,
        @JsonProperty("synthesisRealTimeFactor") double synthesisRealTimeFactor,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("notScored") List<NotScored> notScored) {

    public static final String FORMAT = "fidel-roundtrip-measurement";
    /** 2: scored on the spoken form, with the CER ignoring spaces and the characters not scored. */
    public static final int FORMAT_VERSION = 2;

    public Measurement {
        sentences = List.copyOf(sentences);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        notScored = notScored == null ? List.of() : List.copyOf(notScored);
    }

    /** The gated figure's source: every sentence. */
    public Figures overall() {
        return Figures.of(sentences, r -> true);
    }

    /** The sentences whose clip was not transcribed, with why. */
    public List<SentenceResult> findings() {
        return sentences.stream().filter(r -> r.finding() != null).toList();
    }
}
