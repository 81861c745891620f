package dev.fidel.training;

import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.text.NormalizerProfile;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code finetune} run is configured with. Paths may be null where said.
 *
 * @param trainManifest {@code train.jsonl}: utterances to train on (audio relative to its folder)
 * @param validationManifest {@code val.jsonl}: utterances the improvement is measured on
 * @param vocabulary the vocabulary folder (train-vocab's output)
 * @param baseCheckpoint a checkpoint (or a folder of them) to start from, or null to train from scratch
 * @param codec a codec file to use, or null: the base checkpoint's codec, else one learned from the training split
 * @param preset model size, {@code nano} or {@code small} (ignored with a base checkpoint)
 * @param milestones learning-rate milestones, in {@code milestoneUnit}
 * @param milestoneUnit {@code steps} or {@code epochs} (converted to steps, logged)
 * @param gradAccumSteps length-bucketed batches whose gradients are summed (token-weighted) into one optimizer step
 * @param emaDecay decay of the weight average that validation and checkpoints use (0: none; see {@link WeightAverage})
 * @param mode {@code full} (every parameter), {@code freeze} (all but the frozen parts) or {@code lora} (low-rank
 *     adapters on every GPT block's attention and MLP projections; the base stays frozen; needs a base checkpoint)
 * @param freezeLayers with mode freeze: the first N GPT blocks are not trained
 * @param freezeConditioning with mode freeze: the conditioning encoder is not trained
 * @param loraRank with mode lora: the adapters' rank r (1 .. model width)
 * @param loraAlpha with mode lora: the adapters' update is scaled by {@code loraAlpha / loraRank}
 * @param device {@code cpu}, or {@code gpu}/{@code cuda} where DJL's engine has CUDA and sees a GPU (refused otherwise)
 * @param checkpointEvery optimizer steps between checkpoints
 * @param keep checkpoints kept
 * @param minImprovement share by which the validation code loss must fall (0.2: by 20%)
 * @param outputDirectory where checkpoints, {@code metrics.jsonl} and {@code loss.svg} go
 * @param force run even when up to date
 * @param normalizerProfile the normalizer profile of the pipeline (null: the built-in one); the vocabulary and the data
 *     manifest must have been made with it, and the checkpoints record it
 * @param normalizerDrift what a base checkpoint trained with another profile does (null: {@link NormalizerDrift#FAIL})
 */
public record FinetuneRequest(Path trainManifest, Path validationManifest, Path vocabulary, Path baseCheckpoint, Path codec,
        String preset, float learningRate, float weightDecay, List<Integer> milestones, String milestoneUnit, float gamma,
        int warmupSteps, int maxSteps, int gradAccumSteps, float emaDecay, int batchFrames, String mode, int freezeLayers,
        boolean freezeConditioning, int loraRank, float loraAlpha, float textLossWeight, float codeLossWeight, long seed,
        String device, int checkpointEvery, int keep, float minImprovement, Path outputDirectory, boolean force,
        NormalizerProfile normalizerProfile, NormalizerDrift normalizerDrift) {

    public static final Path DEFAULT_OUTPUT = Path.of("target/fidel/checkpoints");

    public FinetuneRequest {
        milestones = List.copyOf(milestones);
        normalizerProfile = normalizerProfile == null ? NormalizerProfile.amharic() : normalizerProfile;
        normalizerDrift = normalizerDrift == null ? NormalizerDrift.FAIL : normalizerDrift;
    }

    /** With the built-in normalizer profile, a drifted base checkpoint refused. */
    public FinetuneRequest(Path trainManifest, Path validationManifest, Path vocabulary, Path baseCheckpoint, Path codec,
            String preset, float learningRate, float weightDecay, List<Integer> milestones, String milestoneUnit, float gamma,
            int warmupSteps, int maxSteps, int gradAccumSteps, float emaDecay, int batchFrames, String mode, int freezeLayers,
            boolean freezeConditioning, int loraRank, float loraAlpha, float textLossWeight, float codeLossWeight, long seed,
            String device, int checkpointEvery, int keep, float minImprovement, Path outputDirectory, boolean force) {
        this(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate, weightDecay, milestones,
                milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode, freezeLayers, freezeConditioning,
                loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery, keep, minImprovement, outputDirectory, force, null, null);
    }

    /** The defaults for a data folder ({@code train.jsonl}, {@code val.jsonl}) and a vocabulary folder. */
    public static FinetuneRequest defaults(Path dataDirectory, Path vocabulary, Path outputDirectory) {
        return new FinetuneRequest(dataDirectory.resolve("train.jsonl"), dataDirectory.resolve("val.jsonl"), vocabulary, null, null,
                "nano", 1e-3f, 0.01f, List.of(), "steps", 0.5f, 100, 2000, 1, 0f, 2400, "full", 0, false, 8, 16f, 0.01f, 1f, 20261122L,
                "cpu", 200, 3, 0.2f, outputDirectory, false, null, null);
    }

    public FinetuneRequest withSteps(int maxSteps, int warmupSteps, int checkpointEvery) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode, freezeLayers,
                freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery, keep,
                minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }

    public FinetuneRequest withLearningRate(float learningRate, List<Integer> milestones, String milestoneUnit) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode, freezeLayers,
                freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery, keep,
                minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }

    public FinetuneRequest withBase(Path baseCheckpoint, Path vocabulary, Path outputDirectory) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode, freezeLayers,
                freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery, keep,
                minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }

    public FinetuneRequest withMode(String mode, int freezeLayers, boolean freezeConditioning, int loraRank, float loraAlpha) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode, freezeLayers,
                freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery, keep,
                minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }

    public FinetuneRequest withMinImprovement(float minImprovement) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode, freezeLayers,
                freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery, keep,
                minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }

    public FinetuneRequest withAccumulation(int gradAccumSteps, float emaDecay) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode,
                freezeLayers, freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery,
                keep, minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }

    public FinetuneRequest withBatchFrames(int batchFrames) {
        return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode,
                freezeLayers, freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, seed, device, checkpointEvery,
                keep, minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
    }
}
