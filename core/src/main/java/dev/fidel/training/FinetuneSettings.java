package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointStore;
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

    static SettingsFingerprint of(FinetuneRequest r, EventSink events) throws IOException, FidelException {
        SettingsFingerprint f = new SettingsFingerprint(TASK);
        f.identifyFile("data.trainManifest", r.trainManifest())
                .identifyFile("data.validationManifest", r.validationManifest())
                .identifyFile("data.codec", r.codec())
                .identifyFile("vocabulary.model", Vocabulary.modelFile(r.vocabulary()))
                .identify("vocabulary.normalizer", r.normalizerProfile().sha256());
        // The base by content: its checkpoint.json records every file's SHA-256.
        f.identifyFile("model.baseCheckpoint", r.baseCheckpoint() == null ? null
                : CheckpointStore.resolve(r.baseCheckpoint(), "baseCheckpoint", events).resolve(CheckpointStore.INFO));
        f.identify("model.preset", r.preset())
                .identify("optimizer.learningRate", r.learningRate())
                .identify("optimizer.weightDecay", r.weightDecay())
                .identify("optimizer.clipNorm", r.clipNorm())
                .identify("optimizer.emaDecay", r.emaDecay())
                .identify("schedule.milestones", r.milestones())
                .identify("schedule.milestoneUnit", r.milestoneUnit())
                .identify("schedule.gamma", r.gamma())
                .identify("schedule.warmupSteps", r.warmupSteps())
                .identify("run.seed", r.seed())
                .identify("run.batchFrames", r.batchFrames())
                .identify("run.gradAccumSteps", r.gradAccumSteps())
                .identify("lossWeights.text", r.textLossWeight())
                .identify("lossWeights.code", r.codeLossWeight())
                .identify("adaptation.mode", r.mode());
        if ("freeze".equals(r.mode())) {
            f.identify("adaptation.freezeLayers", r.freezeLayers()).identify("adaptation.freezeConditioning", r.freezeConditioning());
        } else if ("lora".equals(r.mode())) {
            f.identify("adaptation.loraRank", r.loraRank()).identify("adaptation.loraAlpha", r.loraAlpha());
        }
        f.extend("run.maxSteps", r.maxSteps())
                .extend("checkpoints.every", r.checkpointEvery())
                .extend("checkpoints.keep", r.keep())
                .extend("compute.device", r.device());
        f.judge("verdict.minImprovement", r.minImprovement());
        return f;
    }
}
