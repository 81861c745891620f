package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.config.Adaptation;
import dev.fidel.config.Optimizer;
import dev.fidel.config.Run;
import dev.fidel.config.Schedule;
import dev.fidel.config.TrainingConfig;
import dev.fidel.event.EventSink;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.vocabulary.Vocabulary;
import java.io.IOException;

/**
 * A finetune request's settings by part and kind (see {@link SettingsFingerprint}). They <b>identify</b> the
 * run: the data, the vocabulary and normalizer, the model (preset or base checkpoint), the optimizer, the
 * schedule, the run's seed, batching and accumulation, the loss weights and the adaptation (only the
 * settings the mode uses). They <b>extend</b> it: {@code maxSteps} (raised: the run continues from its last
 * checkpoint), {@code checkpointEvery}, {@code keep}, {@code device}. They <b>judge</b> it:
 * {@code minImprovement}.
 */
final class FinetuneSettings {

    static final String TASK = "finetune";

    private FinetuneSettings() {
    }

    static SettingsFingerprint of(FinetuneRequest r, TrainingConfig c, EventSink events) throws IOException, FidelException {
        SettingsFingerprint f = new SettingsFingerprint(TASK);
        f.identifyFile("data.trainManifest", r.trainManifest())
                .identifyFile("data.validationManifest", r.validationManifest())
                .identifyFile("data.codec", r.codec())
                .identifyFile("vocabulary.model", Vocabulary.modelFile(r.vocabulary()))
                .identify("vocabulary.normalizer", r.normalizerProfile().sha256());
        // The base by content: its checkpoint.json records every file's SHA-256.
        f.identifyFile("model.baseCheckpoint", r.baseCheckpoint() == null ? null
                : CheckpointStore.resolve(r.baseCheckpoint(), "baseCheckpoint", events).resolve(CheckpointStore.INFO));
        Optimizer o = c.optimizer();
        Schedule s = c.schedule();
        Run run = c.run();
        f.identify("model.preset", c.preset().key())
                .identify("optimizer.learningRate", o.learningRate())
                .identify("optimizer.weightDecay", o.weightDecay())
                .identify("optimizer.clipNorm", o.clipNorm())
                .identify("optimizer.emaDecay", o.emaDecay())
                .identify("schedule.milestones", s.milestones())
                .identify("schedule.milestoneUnit", s.unit().key())
                .identify("schedule.gamma", s.gamma())
                .identify("schedule.warmupSteps", s.warmupSteps())
                .identify("run.seed", run.seed())
                .identify("run.batchFrames", run.batchFrames())
                .identify("run.gradAccumSteps", run.gradAccumSteps())
                .identify("lossWeights.text", c.lossWeights().text())
                .identify("lossWeights.code", c.lossWeights().code())
                .identify("adaptation.mode", c.adaptation().kind().key());
        if (c.adaptation() instanceof Adaptation.Freeze freeze) {
            f.identify("adaptation.freezeLayers", freeze.layers()).identify("adaptation.freezeConditioning", freeze.conditioning());
        } else if (c.adaptation() instanceof Adaptation.Lora lora) {
            f.identify("adaptation.loraRank", lora.rank()).identify("adaptation.loraAlpha", lora.alpha());
        }
        f.extend("run.maxSteps", run.maxSteps())
                .extend("checkpoints.every", r.checkpointEvery())
                .extend("checkpoints.keep", r.keep())
                .extend("compute.device", c.device().key());
        f.judge("verdict.minImprovement", r.minImprovement());
        return f;
    }
}
