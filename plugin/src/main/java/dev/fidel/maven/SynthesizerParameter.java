package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.gate.GateRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code <synthesizer>} element of verify-roundtrip: exactly one of {@code <checkpoint>} (a Fidel checkpoint),
 * {@code <command>} (an external program, its {@code <arg>}s with placeholders) or {@code <recordings>} (a folder of
 * {@code <id>.wav}); the command's {@code <timeoutSeconds>}, {@code <workingDirectory>}, {@code <environment>} and
 * {@code <inputs>} beside it. Maven fills the fields.
 */
public class SynthesizerParameter {

    private File checkpoint;
    private List<String> command;
    private double timeoutSeconds = 120;
    private File workingDirectory;
    private Map<String, String> environment;
    private List<File> inputs;
    private File recordings;

    /**
     * The choice this element makes; {@code defaultCheckpoint} (the goal's {@code <checkpoint>}) when the element is absent.
     *
     * @throws FidelException naming {@code <synthesizer>} when it names more than one kind, or none
     */
    static GateRequest.SynthesizerChoice choice(SynthesizerParameter p, File defaultCheckpoint, File vocabulary, File speakerReference,
            Integer referenceFrames, long seed) throws FidelException {
        File checkpoint = p == null || p.checkpoint == null ? defaultCheckpoint : p.checkpoint;
        int kinds = p == null ? 0 : (p.checkpoint != null ? 1 : 0) + (p.command != null ? 1 : 0) + (p.recordings != null ? 1 : 0);
        if (kinds > 1) {
            throw new FidelException("<synthesizer> names more than one of <checkpoint>, <command>, <recordings>: choose one",
                    "synthesizer", null);
        }
        if (p != null && kinds == 0) {
            throw new FidelException("<synthesizer> names none of <checkpoint>, <command>, <recordings>: choose one, or leave "
                    + "<synthesizer> out to judge the goal's <checkpoint>", "synthesizer", null);
        }
        if (p != null && p.command != null) {
            if (!(p.timeoutSeconds > 0)) {
                throw new FidelException("<synthesizer><timeoutSeconds> " + p.timeoutSeconds + " must be positive", "synthesizer", null);
            }
            return new GateRequest.FromCommand(p.command, p.timeoutSeconds, path(p.workingDirectory), p.environment,
                    p.inputs == null ? List.of() : p.inputs.stream().map(File::toPath).toList());
        }
        if (p != null && p.recordings != null) {
            if (!p.recordings.isDirectory()) {
                throw new FidelException("<synthesizer><recordings> " + p.recordings + " is not a folder", "synthesizer", null);
            }
            return new GateRequest.FromRecordings(p.recordings.toPath());
        }
        return new GateRequest.FromCheckpoint(checkpoint.toPath(), path(vocabulary), path(speakerReference),
                referenceFrames == null ? 0 : referenceFrames, seed);
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
