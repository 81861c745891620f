package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.config.Adaptation;
import dev.fidel.config.ComputeDevice;
import dev.fidel.config.ModelPreset;
import dev.fidel.config.Schedule;
import dev.fidel.event.EventSink;
import dev.fidel.training.Finetune;
import dev.fidel.training.FinetuneRequest;
import dev.fidel.training.FinetuneResult;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the TTS model on the prepared manifests, from scratch or from {@code <baseCheckpoint>}, writes checkpoints, {@code metrics.jsonl}
 * and {@code loss.svg}, and fails the build when the validation code loss did not fall by {@code <minImprovement>}. A killed run resumes
 * from its last checkpoint; an unchanged one is skipped.
 */
@Mojo(name = "finetune", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class FinetuneMojo extends AbstractFidelMojo {

    @Parameter(defaultValue = "${project.build.directory}/fidel/data/train.jsonl")
    private File trainManifest;
    @Parameter(defaultValue = "${project.build.directory}/fidel/data/val.jsonl")
    private File validationManifest;
    @Parameter(property = FidelProperties.VOCABULARY, defaultValue = "${project.build.directory}/fidel/vocabulary")
    private File vocabulary;

    /** A checkpoint folder (or a folder of checkpoints) to fine-tune; without it, training starts from scratch. */
    @Parameter(property = FidelProperties.BASE_CHECKPOINT)
    private File baseCheckpoint;

    /** A codec file; default: the base checkpoint's, else one learned from the training split. */
    @Parameter(property = FidelProperties.FINETUNE_CODEC)
    private File codec;

    /** {@code nano} or {@code small}. */
    @Parameter(property = FidelProperties.FINETUNE_PRESET, defaultValue = "nano")
    private String preset;

    @Parameter(property = FidelProperties.FINETUNE_LEARNING_RATE, defaultValue = "0.001")
    private float learningRate;
    /** AdamW weight decay, on weight matrices only. */
    @Parameter(property = FidelProperties.FINETUNE_WEIGHT_DECAY, defaultValue = "0.01")
    private float weightDecay;

    /** Learning-rate milestones, in {@code <milestoneUnit>}; {@code -Dfidel.finetune.milestones=1000,1500}. */
    @Parameter(property = FidelProperties.FINETUNE_MILESTONES)
    private List<Integer> milestones;
    /** {@code steps} (optimizer steps) or {@code epochs} (converted to steps, logged). */
    @Parameter(property = FidelProperties.FINETUNE_MILESTONE_UNIT, defaultValue = "steps")
    private String milestoneUnit;

    @Parameter(property = FidelProperties.FINETUNE_GAMMA, defaultValue = "0.5")
    private float gamma;
    @Parameter(property = FidelProperties.FINETUNE_WARMUP_STEPS, defaultValue = "100")
    private int warmupSteps;
    @Parameter(property = FidelProperties.FINETUNE_MAX_STEPS, defaultValue = "2000")
    private int maxSteps;

    /** Length-bucketed batches per optimizer step (gradients summed, token-weighted); steps and milestones count optimizer steps. */
    @Parameter(property = FidelProperties.FINETUNE_GRAD_ACCUM_STEPS, defaultValue = "1")
    private int gradAccumSteps;
    /** Decay of the average of the weights used for validation and written as the checkpoint's weights; 0: none (e.g. 0.999). */
    @Parameter(property = FidelProperties.FINETUNE_EMA_DECAY, defaultValue = "0")
    private float emaDecay;
    /** Padded mel frames per batch at most. */
    @Parameter(property = FidelProperties.FINETUNE_BATCH_FRAMES, defaultValue = "2400")
    private int batchFrames;

    /** {@code full}, {@code freeze} (see {@code freezeLayers}, {@code freezeConditioning}) or {@code lora} (needs {@code baseCheckpoint}). */
    @Parameter(property = FidelProperties.FINETUNE_MODE, defaultValue = "full")
    private String mode;

    @Parameter(property = FidelProperties.FINETUNE_FREEZE_LAYERS, defaultValue = "0")
    private int freezeLayers;
    @Parameter(property = FidelProperties.FINETUNE_FREEZE_CONDITIONING, defaultValue = "false")
    private boolean freezeConditioning;

    /** With mode lora: the adapters' rank (1 .. model width); their update is scaled by loraAlpha / loraRank. */
    @Parameter(property = FidelProperties.FINETUNE_LORA_RANK, defaultValue = "8")
    private int loraRank;
    @Parameter(property = FidelProperties.FINETUNE_LORA_ALPHA, defaultValue = "16")
    private float loraAlpha;

    @Parameter(property = FidelProperties.FINETUNE_TEXT_LOSS_WEIGHT, defaultValue = "0.01")
    private float textLossWeight;
    @Parameter(property = FidelProperties.FINETUNE_CODE_LOSS_WEIGHT, defaultValue = "1.0")
    private float codeLossWeight;

    /** The global gradient norm is scaled down to this when above it (0: no clipping). */
    @Parameter(property = FidelProperties.FINETUNE_CLIP_NORM, defaultValue = "1.0")
    private float clipNorm;
    @Parameter(property = FidelProperties.FINETUNE_SEED, defaultValue = "20261122")
    private long seed;

    /** {@code cpu}, or {@code gpu} (also {@code cuda}) where DJL loads a CUDA build of PyTorch ({@code PYTORCH_LIBRARY_PATH}); refused otherwise. */
    @Parameter(property = FidelProperties.DEVICE, defaultValue = "cpu")
    private String device;

    @Parameter(property = FidelProperties.FINETUNE_CHECKPOINT_EVERY, defaultValue = "200")
    private int checkpointEvery;
    /** Checkpoints kept. */
    @Parameter(property = FidelProperties.FINETUNE_KEEP, defaultValue = "3")
    private int keep;

    /** Share by which the validation code loss must fall, or the build fails. */
    @Parameter(property = FidelProperties.FINETUNE_MIN_IMPROVEMENT, defaultValue = "0.2")
    private float minImprovement;

    @Parameter(property = FidelProperties.FINETUNE_OUTPUT, defaultValue = "${project.build.directory}/fidel/checkpoints")
    private File outputDirectory;

    /** A base checkpoint trained with another normalizer profile: {@code FAIL} refuses it, {@code REPORT} logs the changed rules and goes on. */
    @Parameter(property = FidelProperties.NORMALIZER_DRIFT, defaultValue = "FAIL")
    private String normalizerDrift;

    @Override
    protected void run(EventSink events) throws FidelException, IOException {
        FinetuneResult result = new Finetune(events).run(request());
        if (!result.upToDate()) {
            events.info(String.format("finetune: checkpoint %s, validation code CE %.4f -> %.4f, %.0f code tokens/s",
                    result.checkpoint(), result.startValidationCodeCe(), result.endValidationCodeCe(), result.codeTokensPerSecond()));
        }
    }

    /** The parameters as the core's request: the whole mapping, in one place (enum-like strings through {@link EnumParameter}). */
    FinetuneRequest request() throws FidelException {
        return FinetuneRequest.builder(trainManifest.toPath(), validationManifest.toPath(), vocabulary.toPath(), outputDirectory.toPath())
                .baseCheckpoint(path(baseCheckpoint)).codec(path(codec)).learningRate(learningRate).weightDecay(weightDecay)
                .preset(EnumParameter.parse(ModelPreset.class, preset, "preset", FidelProperties.FINETUNE_PRESET)).gamma(gamma)
                .milestones(milestones == null ? List.of() : milestones, EnumParameter.parse(Schedule.Unit.class, milestoneUnit,
                        "milestoneUnit", FidelProperties.FINETUNE_MILESTONE_UNIT)).warmupSteps(warmupSteps).maxSteps(maxSteps)
                .mode(EnumParameter.parse(Adaptation.Kind.class, mode, "mode", FidelProperties.FINETUNE_MODE)).emaDecay(emaDecay)
                .gradAccumSteps(gradAccumSteps).batchFrames(batchFrames).freeze(freezeLayers, freezeConditioning).lora(loraRank, loraAlpha)
                .device(EnumParameter.parse(ComputeDevice.class, device, ComputeDevice.ALIASES, "device", FidelProperties.DEVICE))
                .lossWeights(textLossWeight, codeLossWeight).clipNorm(clipNorm).seed(seed).checkpointEvery(checkpointEvery).keep(keep)
                .minImprovement(minImprovement).force(force).normalizer(configuredProfile(), drift(normalizerDrift)).build();
    }

    @Override
    protected String goal() {
        return "finetune";
    }
}
