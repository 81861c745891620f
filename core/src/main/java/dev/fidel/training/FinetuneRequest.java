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
 * @param textLossWeight weight of the text cross-entropy in the loss
 * @param codeLossWeight weight of the code cross-entropy in the loss
 * @param clipNorm the global gradient norm is scaled down to this when above it (0: no clipping)
 * @param seed data order, initialization, dropout
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
        boolean freezeConditioning, int loraRank, float loraAlpha, float textLossWeight, float codeLossWeight, float clipNorm,
        long seed, String device, int checkpointEvery, int keep, float minImprovement, Path outputDirectory, boolean force,
        NormalizerProfile normalizerProfile, NormalizerDrift normalizerDrift) {

    public static final Path DEFAULT_OUTPUT = Path.of("target/fidel/checkpoints");

    public FinetuneRequest {
        milestones = List.copyOf(milestones);
        normalizerProfile = normalizerProfile == null ? NormalizerProfile.amharic() : normalizerProfile;
        normalizerDrift = normalizerDrift == null ? NormalizerDrift.FAIL : normalizerDrift;
    }

    /** The defaults for a data folder ({@code train.jsonl}, {@code val.jsonl}) and a vocabulary folder. */
    public static FinetuneRequest defaults(Path dataDirectory, Path vocabulary, Path outputDirectory) {
        return builder(dataDirectory.resolve("train.jsonl"), dataDirectory.resolve("val.jsonl"), vocabulary, outputDirectory).build();
    }

    /** A builder holding the defaults for these manifests, vocabulary folder and output folder. */
    public static Builder builder(Path trainManifest, Path validationManifest, Path vocabulary, Path outputDirectory) {
        Builder b = new Builder();
        b.trainManifest = trainManifest;
        b.validationManifest = validationManifest;
        b.vocabulary = vocabulary;
        b.outputDirectory = outputDirectory;
        return b;
    }

    /** A builder holding this request's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.trainManifest = trainManifest;
        b.validationManifest = validationManifest;
        b.vocabulary = vocabulary;
        b.baseCheckpoint = baseCheckpoint;
        b.codec = codec;
        b.preset = preset;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.milestones = milestones;
        b.milestoneUnit = milestoneUnit;
        b.gamma = gamma;
        b.warmupSteps = warmupSteps;
        b.maxSteps = maxSteps;
        b.gradAccumSteps = gradAccumSteps;
        b.emaDecay = emaDecay;
        b.batchFrames = batchFrames;
        b.mode = mode;
        b.freezeLayers = freezeLayers;
        b.freezeConditioning = freezeConditioning;
        b.loraRank = loraRank;
        b.loraAlpha = loraAlpha;
        b.textLossWeight = textLossWeight;
        b.codeLossWeight = codeLossWeight;
        b.clipNorm = clipNorm;
        b.seed = seed;
        b.device = device;
        b.checkpointEvery = checkpointEvery;
        b.keep = keep;
        b.minImprovement = minImprovement;
        b.outputDirectory = outputDirectory;
        b.force = force;
        b.normalizerProfile = normalizerProfile;
        b.normalizerDrift = normalizerDrift;
        return b;
    }

    /** Settings by name, starting from the defaults; {@link #build()} makes the request. */
    public static final class Builder {
        private Path trainManifest;
        private Path validationManifest;
        private Path vocabulary;
        private Path baseCheckpoint;
        private Path codec;
        private String preset = "nano";
        private float learningRate = 1e-3f;
        private float weightDecay = 0.01f;
        private List<Integer> milestones = List.of();
        private String milestoneUnit = "steps";
        private float gamma = 0.5f;
        private int warmupSteps = 100;
        private int maxSteps = 2000;
        private int gradAccumSteps = 1;
        private float emaDecay;
        private int batchFrames = 2400;
        private String mode = "full";
        private int freezeLayers;
        private boolean freezeConditioning;
        private int loraRank = 8;
        private float loraAlpha = 16f;
        private float textLossWeight = 0.01f;
        private float codeLossWeight = 1f;
        private float clipNorm = 1f;
        private long seed = 20261122L;
        private String device = "cpu";
        private int checkpointEvery = 200;
        private int keep = 3;
        private float minImprovement = 0.2f;
        private Path outputDirectory = DEFAULT_OUTPUT;
        private boolean force;
        private NormalizerProfile normalizerProfile;
        private NormalizerDrift normalizerDrift;

        private Builder() {}

        public Builder manifests(Path train, Path validation) {
            this.trainManifest = train;
            this.validationManifest = validation;
            return this;
        }

        public Builder vocabulary(Path vocabulary) {
            this.vocabulary = vocabulary;
            return this;
        }

        public Builder baseCheckpoint(Path baseCheckpoint) {
            this.baseCheckpoint = baseCheckpoint;
            return this;
        }

        public Builder codec(Path codec) {
            this.codec = codec;
            return this;
        }

        public Builder preset(String preset) {
            this.preset = preset;
            return this;
        }

        public Builder learningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder milestones(List<Integer> milestones, String unit) {
            this.milestones = milestones;
            this.milestoneUnit = unit;
            return this;
        }

        public Builder gamma(float gamma) {
            this.gamma = gamma;
            return this;
        }

        public Builder warmupSteps(int warmupSteps) {
            this.warmupSteps = warmupSteps;
            return this;
        }

        public Builder maxSteps(int maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder gradAccumSteps(int gradAccumSteps) {
            this.gradAccumSteps = gradAccumSteps;
            return this;
        }

        public Builder emaDecay(float emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        public Builder batchFrames(int batchFrames) {
            this.batchFrames = batchFrames;
            return this;
        }

        public Builder mode(String mode) {
            this.mode = mode;
            return this;
        }

        public Builder freeze(int layers, boolean conditioning) {
            this.freezeLayers = layers;
            this.freezeConditioning = conditioning;
            return this;
        }

        public Builder lora(int rank, float alpha) {
            this.loraRank = rank;
            this.loraAlpha = alpha;
            return this;
        }

        public Builder lossWeights(float text, float code) {
            this.textLossWeight = text;
            this.codeLossWeight = code;
            return this;
        }

        public Builder clipNorm(float clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder device(String device) {
            this.device = device;
            return this;
        }

        public Builder checkpointEvery(int checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        public Builder keep(int keep) {
            this.keep = keep;
            return this;
        }

        public Builder minImprovement(float minImprovement) {
            this.minImprovement = minImprovement;
            return this;
        }

        public Builder outputDirectory(Path outputDirectory) {
            this.outputDirectory = outputDirectory;
            return this;
        }

        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        public Builder normalizer(NormalizerProfile profile, NormalizerDrift drift) {
            this.normalizerProfile = profile;
            this.normalizerDrift = drift;
            return this;
        }

        public FinetuneRequest build() {
            return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, preset, learningRate,
                    weightDecay, milestones, milestoneUnit, gamma, warmupSteps, maxSteps, gradAccumSteps, emaDecay, batchFrames, mode,
                    freezeLayers, freezeConditioning, loraRank, loraAlpha, textLossWeight, codeLossWeight, clipNorm, seed, device,
                    checkpointEvery, keep, minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
        }
    }
}
