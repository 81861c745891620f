package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointReader;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.event.EventSink;
import dev.fidel.tts.TrainingState;
import dev.fidel.util.Json;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.SettingsFingerprint.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What finetune does with the checkpoints it finds, by the kind of setting that changed since they were
 * written (see {@link FinetuneSettings}):
 * <ul>
 * <li>{@link Action#START}: none, {@code -Dfidel.force}, or a setting that identifies the run changed (the log names
 * each: {@code schedule.milestones changed: [100, 200] -> [150, 300]});</li>
 * <li>{@link Action#RESUME}: the same run, not yet at {@code maxSteps} (killed, or {@code maxSteps} raised): it
 * continues from the last checkpoint and trains only the steps that are missing;</li>
 * <li>{@link Action#JUDGE}: the same run, already at {@code maxSteps}: only its stored result is judged again
 * (validation losses from {@code metrics.jsonl}), as when only {@code minImprovement} changed.</li>
 * </ul>
 * A {@code maxSteps} below the steps already trained is refused, naming {@code <maxSteps>}: the later
 * checkpoints would otherwise be silently ignored or lost.
 *
 * @param action what to do
 * @param checkpoint the checkpoint to resume from or to judge (null with START)
 * @param step its optimizer step (0 with START)
 * @param startValidationCodeCe with JUDGE: the validation code loss before training
 * @param endValidationCodeCe with JUDGE: the validation code loss at {@code step}
 */
record ResumeDecision(Action action, Path checkpoint, long step, double startValidationCodeCe, double endValidationCodeCe) {

    enum Action {
        START, RESUME, JUDGE
    }

    static ResumeDecision start() {
        return new ResumeDecision(Action.START, null, 0, Double.NaN, Double.NaN);
    }

    Optional<Path> resumeFrom() {
        return action == Action.RESUME ? Optional.of(checkpoint) : Optional.empty();
    }

    static ResumeDecision of(SettingsFingerprint settings, Optional<Path> latest, FinetuneRequest r, EventSink events)
            throws IOException, FidelException {
        if (latest.isEmpty()) {
            return start();
        }
        Path out = r.outputDirectory();
        String startingOver = ": starting over; they are removed once the new run is set up (a setting refused before then keeps them)";
        if (r.force()) {
            events.warn("the checkpoints in " + out + " are of an earlier run (-Dfidel.force)" + startingOver);
            return start();
        }
        Path checkpoint = latest.get();
        TrainingState trainer = TrainingState.of(Json.MAPPER.readTree(checkpoint.resolve(CheckpointStore.STATE).toFile()).path("trainer"));
        SettingsFingerprint.Parts previous = CheckpointReader.readInfo(checkpoint.resolve(CheckpointStore.INFO)).training().settings();
        if (trainer == null || !trainer.run().equals(settings.identity())) {
            List<String> changes = settings.changesSince(previous, Kind.IDENTIFY);
            String why = previous == null || !previous.sorted() ? "written by an earlier Fidel that did not record settings by part"
                    : changes.isEmpty() ? "inputs or settings changed" : String.join("; ", changes);
            events.warn("the checkpoints in " + out + " are of another run (" + why + ")" + startingOver);
            return start();
        }
        List<String> kept = new ArrayList<>();
        settings.changesSince(previous, Kind.EXTEND).forEach(c -> kept.add(c + " (continues the run)"));
        settings.changesSince(previous, Kind.JUDGE).forEach(c -> kept.add(c + " (judges the result again)"));
        if (!kept.isEmpty()) {
            events.info("finetune: the checkpoints in " + out + " are of this run; " + String.join("; ", kept));
        }
        long step = trainer.step();
        int maxSteps = r.training().run().maxSteps();
        if (step > maxSteps) {
            throw new FidelException("<maxSteps> " + maxSteps + " is below the " + step + " optimizer steps already trained in "
                    + checkpoint + ": set <maxSteps> to " + step + " or more to keep them (-Dfidel.finetune.maxSteps), or "
                    + "-Dfidel.force=true to train again from step 0", "maxSteps", null);
        }
        OptionalDouble end = validationAt(out.resolve(Finetune.METRICS), step);
        double start = trainer.startValidationCodeCe();
        if (step == maxSteps && end.isPresent() && Double.isFinite(start)) {
            events.info("finetune: the " + step + " steps of " + checkpoint.getFileName() + " are trained already; judging its "
                    + "stored validation loss again, without training");
            return new ResumeDecision(Action.JUDGE, checkpoint, step, start, end.getAsDouble());
        }
        return new ResumeDecision(Action.RESUME, checkpoint, step, Double.NaN, Double.NaN);
    }

    /** The last validation code loss {@code metrics.jsonl} records at {@code step}, if any. */
    static OptionalDouble validationAt(Path metrics, long step) throws IOException {
        OptionalDouble found = OptionalDouble.empty();
        for (MetricsLine line : MetricsLine.readAll(metrics)) {
            if (line instanceof MetricsLine.Validation v && v.step() == step && Double.isFinite(v.validationCodeCe())) {
                found = OptionalDouble.of(v.validationCodeCe());
            }
        }
        return found;
    }
}
