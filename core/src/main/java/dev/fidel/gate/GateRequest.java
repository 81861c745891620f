package dev.fidel.gate;

import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.text.NormalizerProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code verify-roundtrip} is asked to do, in four groups: what is said ({@link Sentences}), who says it
 * ({@link SynthesizerChoice}), how it is heard ({@link Listening}), how it is judged ({@link Thresholds}), and
 * where the report goes. Only {@code sentences}, {@code synthesizer} and {@code listening} decide the measurement;
 * {@code thresholds} only judge it, so changing them re-judges a cached measurement without synthesizing.
 *
 * @param sentences the sentences and the prepared data they default to
 * @param synthesizer the speech judged
 * @param listening the recognizer and how good it must be on real speech
 * @param thresholds maxCer, baseline, tolerance
 * @param outputDirectory where {@code report.json}, {@code report.html}, {@code measurement.json} and {@code audio/} go
 * @param force measure again (and retrain the built-in recognizer) even when up to date
 * @param normalizerProfile the profile sentences are normalized and scored with (null: the built-in one)
 * @param normalizerDrift what a checkpoint trained with another profile does (null: {@link NormalizerDrift#FAIL})
 */
public record GateRequest(Sentences sentences, SynthesizerChoice synthesizer, Listening listening, Thresholds thresholds,
        Path outputDirectory, boolean force, NormalizerProfile normalizerProfile, NormalizerDrift normalizerDrift) {

    public GateRequest {
        normalizerProfile = normalizerProfile == null ? NormalizerProfile.amharic() : normalizerProfile;
        normalizerDrift = normalizerDrift == null ? NormalizerDrift.FAIL : normalizerDrift;
    }

    /**
     * @param data the prepared data folder ({@code train.jsonl}, {@code val.jsonl}, {@code test.jsonl})
     * @param file a UTF-8 file, one sentence a line ({@code id<TAB>text} names its id; otherwise the id is the
     *     sentence's position from 0), or null for the test split's texts (ids: the utterance ids)
     * @param max sentences judged at most (0: all)
     */
    public record Sentences(Path data, Path file, int max) {
    }

    /** The recognizers the gate can listen with. */
    public enum RecognizerKind {
        BUILTIN, WHISPER
    }

    /**
     * @param recognizer which recognizer listens
     * @param whisperModel the ggml model file when the recognizer is Whisper
     * @param recognizerDirectory where the built-in recognizer is cached
     * @param builtIn how the built-in recognizer is trained
     * @param maxRecognizerCer the highest CER the recognizer may have on held-out real recordings: above it the
     *     listener is unfit and the build stops with a setup error, before any synthesis is judged
     * @param referenceSentences real test recordings the references are measured on
     */
    public record Listening(RecognizerKind recognizer, Path whisperModel, Path recognizerDirectory,
            RecognizerCache.Settings builtIn, double maxRecognizerCer, int referenceSentences) {
    }

    /**
     * Who speaks: one of a Fidel checkpoint, an external program, or a folder of recordings.
     */
    public sealed interface SynthesizerChoice {
    }

    /**
     * A Fidel TTS checkpoint (the default).
     *
     * @param checkpoint a checkpoint folder, or a store whose latest is taken
     * @param vocabulary the vocabulary it must have been trained with, or null: the embedded one, not compared
     * @param speakerReference the voice to speak with, or null for the first training recording
     * @param referenceFrames mel frames of the speaker reference; 0: what the checkpoint records
     * @param seed the synthesis seed
     */
    public record FromCheckpoint(Path checkpoint, Path vocabulary, Path speakerReference, int referenceFrames, long seed)
            implements SynthesizerChoice {
    }

    /**
     * An external program, run without a shell: once per sentence when an argument holds {@code {wav}}, or once for
     * all sentences when one holds {@code {sentences}} (see {@link Placeholders}).
     *
     * @param arguments the program and its arguments, with placeholders
     * @param timeoutSeconds the most one call may take (per sentence; in batch form, per sentence of the batch)
     * @param workingDirectory where it runs (null: the output directory)
     * @param environment variables added to the inherited environment
     * @param inputs files the program reads (model weights): their SHA-256 identify the synthesizer
     */
    public record FromCommand(List<String> arguments, double timeoutSeconds, Path workingDirectory,
            Map<String, String> environment, List<Path> inputs) implements SynthesizerChoice {

        public FromCommand {
            arguments = List.copyOf(arguments);
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }
    }

    /**
     * Clips made elsewhere: {@code <folder>/<sentence id>.wav}.
     */
    public record FromRecordings(Path folder) implements SynthesizerChoice {
    }
}
