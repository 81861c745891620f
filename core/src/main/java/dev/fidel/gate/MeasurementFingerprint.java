package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import dev.fidel.vocabulary.VocabularyInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Measurement} depends on: the sentences, the synthesizer (a checkpoint by content; a command line with
 * the SHA-256 of its {@code <inputs>}; each recording by content), the data, the recognizer and its settings. Never
 * the thresholds ({@code maxCer}, {@code tolerance}, the baseline, {@code maxRecognizerCer}): they only judge.
 */
final class MeasurementFingerprint {

    private MeasurementFingerprint() {
    }

    static Fingerprint of(GateRequest request, Path checkpointFolder, List<GateSentence> sentences) throws FidelException {
        // The scoring is part of what was measured: a measurement scored another way is never reused.
        Fingerprint f = new Fingerprint("verify-roundtrip measurement")
                .with("scoring", "spoken form; format " + Measurement.FORMAT_VERSION);
        try {
            for (String split : List.of("train.jsonl", "test.jsonl")) {
                Path file = request.sentences().data().resolve(split);
                f.with(split, Files.isRegularFile(file) ? Sha256.of(file) : "absent");
            }
            f.with("sentences", Json.line(sentences)).with("referenceSentences", request.listening().referenceSentences());
            GateRequest.Listening l = request.listening();
            f.with("recognizer", l.recognizer()).with("recognizerSettings", Json.line(l.builtIn().identity()));
            if (l.recognizer() == GateRequest.RecognizerKind.WHISPER && l.whisperModel() != null && Files.isRegularFile(l.whisperModel())) {
                f.withFile("whisperModel", l.whisperModel());
            }
            f.with("normalizerProfile", request.normalizerProfile().sha256()).with("normalizerDrift", request.normalizerDrift());
            if (request.synthesizer() instanceof GateRequest.FromCheckpoint c) {
                f.withFile("checkpoint", checkpointFolder.resolve(CheckpointStore.INFO));
                if (c.speakerReference() != null && Files.isRegularFile(c.speakerReference())) {
                    f.withFile("speakerReference", c.speakerReference());
                }
                if (c.vocabulary() != null && Files.exists(c.vocabulary())) {
                    Path model = Files.isDirectory(c.vocabulary()) ? c.vocabulary().resolve(VocabularyInfo.MODEL_FILE_NAME) : c.vocabulary();
                    f.with("vocabulary", Files.isRegularFile(model) ? Sha256.of(model) : model.toString());
                }
                f.with("referenceFrames", c.referenceFrames()).with("seed", c.seed());
            } else if (request.synthesizer() instanceof GateRequest.FromCommand c) {
                identity(c).forEach(f::with);
                f.with("workingDirectory", c.workingDirectory()).with("environment", Json.line(c.environment()));
            } else if (request.synthesizer() instanceof GateRequest.FromRecordings r) {
                for (GateSentence s : sentences) {
                    Path clip = r.folder().resolve(s.id() + ".wav");
                    f.with("recording " + s.id(), Files.isRegularFile(clip) ? Sha256.of(clip) : "absent");
                }
            }
        } catch (IOException e) {
            throw new FidelException("cannot read an input of verify-roundtrip: " + e.getMessage(), "synthesizer", e);
        }
        return f;
    }

    /** A command synthesizer's identity: its arguments and the SHA-256 of each of its {@code <inputs>}. */
    static Map<String, String> identity(GateRequest.FromCommand command) throws FidelException {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("kind", "command");
        identity.put("command", Json.line(command.arguments()));
        for (Path input : command.inputs()) {
            try {
                identity.put("input " + input, Sha256.of(input));
            } catch (IOException e) {
                throw new FidelException("cannot read the synthesizer input " + input + ": " + e.getMessage()
                        + " (each <inputs> entry must be a readable file)", "synthesizer", e);
            }
        }
        return identity;
    }
}
