package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.config.Adaptation;
import dev.fidel.config.ComputeDevice;
import dev.fidel.config.LossWeights;
import dev.fidel.config.ModelPreset;
import dev.fidel.config.Optimizer;
import dev.fidel.config.Run;
import dev.fidel.config.Schedule;
import dev.fidel.config.TrainingConfig;
import dev.fidel.text.NormalizerProfile;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code finetune} run is configured with: the files, how it trains ({@link TrainingConfig}, typed), how
 * often it keeps checkpoints and how its result is judged. Paths may be null where said. Tests and the Mojo build one
 * with {@link #builder}, which holds every default and assembles the typed parts.
 *
 * @param trainManifest {@code train.jsonl}: utterances to train on (audio relative to its folder)
 * @param validationManifest {@code val.jsonl}: utterances the improvement is measured on
 * @param vocabulary the vocabulary folder (train-vocab's output)
 * @param baseCheckpoint a checkpoint (or a folder of them) to start from, or null to train from scratch
 * @param codec a codec file to use, or null: the base checkpoint's codec, else one learned from the training split
 * @param training how the run trains: preset (ignored with a base checkpoint), optimizer, schedule, adaptation (LoRA needs a
 *     base checkpoint), loss weights, steps and batching, device
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
        TrainingConfig training, int checkpointEvery, int keep, float minImprovement, Path outputDirectory, boolean force,
        NormalizerProfile normalizerProfile, NormalizerDrift normalizerDrift) {

    public static final Path DEFAULT_OUTPUT = Path.of("target/fidel/checkpoints");

    public FinetuneRequest {
        normalizerProfile = normalizerProfile == null ? NormalizerProfile.amharic() : normalizerProfile;
        normalizerDrift = normalizerDrift == null ? NormalizerDrift.FAIL : normalizerDrift;
    }

    /** Refuses a value no run can use, naming its POM element (see {@link TrainingConfig#check}). */
    void check() throws FidelException {
        training.check(baseCheckpoint != null);
        if (training.run().maxSteps() < 1 || checkpointEvery < 1 || keep < 1 || training.run().batchFrames() < 1) {
            throw new FidelException("<maxSteps>, <checkpointEvery>, <keep> and <batchFrames> must be positive (are "
                    + training.run().maxSteps() + ", " + checkpointEvery + ", " + keep + ", " + training.run().batchFrames() + ")",
                    "maxSteps", null);
        }
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
        b.preset = training.preset();
        b.optimizer = training.optimizer();
        b.schedule = training.schedule();
        b.mode = training.adaptation().kind();
        if (training.adaptation() instanceof Adaptation.Freeze f) {
            b.freeze(f.layers(), f.conditioning());
        } else if (training.adaptation() instanceof Adaptation.Lora l) {
            b.lora(l.rank(), l.alpha());
        }
        b.lossWeights = training.lossWeights();
        b.run = training.run();
        b.device = training.device();
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
        private ModelPreset preset = ModelPreset.NANO;
        private Optimizer optimizer = new Optimizer(1e-3f, 0.01f, 1f, 0f);
        private Schedule schedule = new Schedule(100, List.of(), Schedule.Unit.STEPS, 0.5f);
        private Adaptation.Kind mode = Adaptation.Kind.FULL;
        private int freezeLayers;
        private boolean freezeConditioning;
        private int loraRank = 8;
        private float loraAlpha = 16f;
        private LossWeights lossWeights = new LossWeights(0.01f, 1f);
        private Run run = new Run(2000, 2400, 1, 20261122L);
        private ComputeDevice device = ComputeDevice.CPU;
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

        public Builder preset(ModelPreset preset) {
            this.preset = preset;
            return this;
        }

        public Builder learningRate(float learningRate) {
            optimizer = new Optimizer(learningRate, optimizer.weightDecay(), optimizer.clipNorm(), optimizer.emaDecay());
            return this;
        }

        public Builder weightDecay(float weightDecay) {
            optimizer = new Optimizer(optimizer.learningRate(), weightDecay, optimizer.clipNorm(), optimizer.emaDecay());
            return this;
        }

        public Builder clipNorm(float clipNorm) {
            optimizer = new Optimizer(optimizer.learningRate(), optimizer.weightDecay(), clipNorm, optimizer.emaDecay());
            return this;
        }

        public Builder emaDecay(float emaDecay) {
            optimizer = new Optimizer(optimizer.learningRate(), optimizer.weightDecay(), optimizer.clipNorm(), emaDecay);
            return this;
        }

        public Builder milestones(List<Integer> milestones, Schedule.Unit unit) {
            schedule = new Schedule(schedule.warmupSteps(), milestones, unit, schedule.gamma());
            return this;
        }

        public Builder gamma(float gamma) {
            schedule = new Schedule(schedule.warmupSteps(), schedule.milestones(), schedule.unit(), gamma);
            return this;
        }

        public Builder warmupSteps(int warmupSteps) {
            schedule = new Schedule(warmupSteps, schedule.milestones(), schedule.unit(), schedule.gamma());
            return this;
        }

        public Builder maxSteps(int maxSteps) {
            run = new Run(maxSteps, run.batchFrames(), run.gradAccumSteps(), run.seed());
            return this;
        }

        public Builder batchFrames(int batchFrames) {
            run = new Run(run.maxSteps(), batchFrames, run.gradAccumSteps(), run.seed());
            return this;
        }

        public Builder gradAccumSteps(int gradAccumSteps) {
            run = new Run(run.maxSteps(), run.batchFrames(), gradAccumSteps, run.seed());
            return this;
        }

        public Builder seed(long seed) {
            run = new Run(run.maxSteps(), run.batchFrames(), run.gradAccumSteps(), seed);
            return this;
        }

        /** What is trained; the settings of that mode come from {@link #freeze} and {@link #lora}. */
        public Builder mode(Adaptation.Kind mode) {
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
            this.lossWeights = new LossWeights(text, code);
            return this;
        }

        public Builder device(ComputeDevice device) {
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
            TrainingConfig training = new TrainingConfig(preset, optimizer, schedule,
                    Adaptation.of(mode, freezeLayers, freezeConditioning, loraRank, loraAlpha), lossWeights, run, device);
            return new FinetuneRequest(trainManifest, validationManifest, vocabulary, baseCheckpoint, codec, training, checkpointEvery,
                    keep, minImprovement, outputDirectory, force, normalizerProfile, normalizerDrift);
        }
    }
}
