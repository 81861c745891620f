package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.config.TrainingConfig;
import dev.fidel.event.EventSink;
import dev.fidel.model.SpeechGpt;
import dev.fidel.tts.TrainingState;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code finetune} service: trains a {@link SpeechGpt} on prepared manifests, from scratch or from a base checkpoint,
 * as its {@link TrainingConfig} says, and fails with a {@link VerdictException} when the validation code loss did not fall by {@code minImprovement}. It
 * decides what to do with the checkpoints it finds ({@link ResumeDecision}), builds the run ({@link TrainingSetup}) and
 * runs the {@link TrainingLoop} with its listeners: {@link MetricsLog} ({@code metrics.jsonl}), {@link ProgressReport},
 * {@link CheckpointWriter} and {@link LossChart} ({@code loss.svg}); then the {@link ImprovementCheck} judges the result.
 */
public final class Finetune {

    /** Mel frames of the speaker reference window. */
    public static final int REFERENCE_FRAMES = TrainingSetup.REFERENCE_FRAMES;
    public static final String METRICS = MetricsLog.FILE_NAME;
    public static final String LOSS_CURVE = LossChart.FILE_NAME;

    private final EventSink events;

    public Finetune(EventSink events) {
        this.events = events;
    }

    public FinetuneResult run(FinetuneRequest r) throws FidelException, IOException {
        r.check();
        TrainingConfig config = r.training();
        ai.djl.Device device = config.device().device();
        Path out = r.outputDirectory();
        OwnedFolder owned = FinetuneInputs.claimOutput(r);
        FinetuneInputs.requireInputs(r);
        SettingsFingerprint settings = FinetuneSettings.of(r, config, events);
        Fingerprint fingerprint = settings.completion();
        CheckpointStore store = CheckpointStore.open(owned, r.keep(), events);
        String stale = fingerprint.staleReason(out);
        Optional<Path> latest = store.latest();
        if (stale == null && !r.force() && latest.isPresent()) {
            events.info("finetune is up to date (" + latest.get() + "); -Dfidel.force=true trains again");
            return new FinetuneResult(latest.get(), true, 0, stepOf(latest.get()), List.of(), Double.NaN, Double.NaN, 0, 0, null);
        }
        ResumeDecision decision = ResumeDecision.of(settings, latest, r, events);
        if (decision.action() == ResumeDecision.Action.JUDGE) {
            return judgeAgain(decision, r, config, fingerprint);
        }
        FinetuneInputs.checkDataProfile(r.trainManifest(), r.normalizerProfile());
        try (TrainingSetup setup = TrainingSetup.build(r, config, device, out, events)) {
            if (decision.action() == ResumeDecision.Action.START) {
                store.removeAll();
                owned.discard(METRICS);
            }
            MetricsLog metrics = new MetricsLog(out);
            Optional<Path> from = decision.resumeFrom();
            TrainingState start = from.isPresent() ? CheckpointWriter.restore(from.get(), setup, metrics, events)
                    : new TrainingState(settings.identity(), 0, 0, 0, Double.NaN);
            CheckpointWriter checkpoints = new CheckpointWriter(store, setup, provenance(r, settings), settings.identity(), start,
                    from.orElse(null));
            List<TrainingListener> listeners = List.of(metrics, new ProgressReport(events, setup.milestones(), setup.schedule(),
                    metrics.file()), checkpoints, new LossChart(metrics.file(), out));
            TrainingEvents.Summary summary = train(new TrainingLoop(setup, r.checkpointEvery(), listeners), start,
                    checkpoints, out);
            new ImprovementCheck(r.minImprovement(), config).judge(summary.startValidationCodeCe(), summary.endValidationCodeCe(), checkpoints.last());
            fingerprint.record(out);
            return new FinetuneResult(checkpoints.last(), false, start.step(), summary.steps(), setup.milestones(),
                    summary.startValidationCodeCe(), summary.endValidationCodeCe(), summary.codeTokensPerSecond(),
                    summary.stepsPerSecond(), setup.resize());
        }
    }

    /** Runs the loop; a diverged run is refused naming the last good checkpoint, which stays. */
    private static TrainingEvents.Summary train(TrainingLoop loop, TrainingState start, CheckpointWriter checkpoints, Path out)
            throws IOException, FidelException {
        try {
            return loop.run(start);
        } catch (TrainingLoop.Diverged d) {
            String where = d.atValidation() ? "; the last good checkpoint stays in " + out
                    : checkpoints.last() == null ? "; no checkpoint was written yet"
                    : "; the last good checkpoint is " + checkpoints.last().toAbsolutePath();
            throw new VerdictException(d.reason().getMessage() + where, d.reason().setting());
        }
    }

    /** What every checkpoint records of how it was made: manifests by SHA-256, the typed configuration, settings by part, seed. */
    private static CheckpointInfo.Training provenance(FinetuneRequest r, SettingsFingerprint settings) throws IOException {
        Map<String, String> manifests = new TreeMap<>();
        manifests.put(r.trainManifest().getFileName().toString(), Sha256.of(r.trainManifest()));
        manifests.put("validation:" + r.validationManifest().getFileName().toString(), Sha256.of(r.validationManifest()));
        return CheckpointInfo.Training.of(manifests, r.training(), settings.parts(), r.training().run().seed(), Map.of());
    }

    /** Judges a run that is trained to {@code maxSteps} already, from its stored validation losses: no training, no model. */
    private FinetuneResult judgeAgain(ResumeDecision d, FinetuneRequest r, TrainingConfig config, Fingerprint fingerprint) throws IOException, VerdictException {
        double start = d.startValidationCodeCe();
        double end = d.endValidationCodeCe();
        events.info(String.format("finetune: %d steps (0 in this run); validation code CE %.4f -> %.4f (%.1f%% better), judged "
                + "against <minImprovement> %s", d.step(), start, end, 100 * (start - end) / start, r.minImprovement()));
        new ImprovementCheck(r.minImprovement(), config).judge(start, end, d.checkpoint());
        fingerprint.record(r.outputDirectory());
        return new FinetuneResult(d.checkpoint(), true, d.step(), d.step(), List.of(), start, end, 0, 0, null);
    }

    /** The step of a checkpoint folder. */
    private static long stepOf(Path folder) throws IOException {
        return Json.MAPPER.readTree(folder.resolve(CheckpointStore.INFO).toFile()).path("step").asLong();
    }
}
