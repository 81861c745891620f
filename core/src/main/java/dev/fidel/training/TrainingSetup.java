package dev.fidel.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.config.Adaptation;
import dev.fidel.config.Run;
import dev.fidel.config.TrainingConfig;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.LoraAdapters;
import dev.fidel.model.LoraSettings;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a run trains with, built from the request: the vocabulary, the data ({@link TrainingData}), the base
 * checkpoint and codec, the model (seeded, base weights copied or resized), the length buckets, the milestones in
 * optimizer steps, the adaptation (what is trained: all, all but frozen parts, or LoRA adapters) and the
 * {@link TtsTrainer}. It logs what it built. Closing it frees the model, the base and the vocabulary.
 */
final class TrainingSetup implements AutoCloseable {

    /** Mel frames of the speaker reference window. */
    static final int REFERENCE_FRAMES = TtsCheckpoints.REFERENCE_FRAMES;

    private final FinetuneRequest request;
    private final TrainingConfig cfg;
    private final Vocabulary vocabulary;
    private final NDManager manager;
    private TtsCheckpoint base;
    private VqMelCodec codec;
    private GptConfig config;
    private SpeechGpt model;
    private ParameterStore parameters;
    private LengthBuckets<TtsExample> buckets;
    private LengthBuckets<TtsExample> validationBuckets;
    private List<Integer> milestones;
    private LearningRateSchedule schedule;
    private LoraAdapters lora;
    private TtsTrainer trainer;
    private String resize;

    private TrainingSetup(FinetuneRequest request, TrainingConfig cfg, Vocabulary vocabulary, NDManager manager) {
        this.request = request;
        this.cfg = cfg;
        this.vocabulary = vocabulary;
        this.manager = manager;
    }

    /** Builds the run's model, data and trainer on {@code device}; {@code out} keeps a learned codec. */
    static TrainingSetup build(FinetuneRequest r, TrainingConfig config, Device device, Path out, EventSink events)
            throws FidelException, IOException {
        Vocabulary vocabulary = Vocabulary.load(r.vocabulary(), r.normalizerProfile());
        TrainingSetup setup = new TrainingSetup(r, config, vocabulary, TorchEngine.newManager(device));
        try {
            setup.build(out, events);
            return setup;
        } catch (FidelException | IOException | RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    private void build(Path out, EventSink events) throws FidelException, IOException {
        FinetuneRequest r = request;
        TrainingData data = TrainingData.read(r, events);
        if (r.baseCheckpoint() != null) {
            base = TtsCheckpoints.load(r.baseCheckpoint(), "baseCheckpoint",
                    CheckpointCheck.none().normalizer(r.normalizerProfile(), r.normalizerDrift()), events);
            events.info("fine-tuning from base checkpoint " + base.folder() + " (step " + base.step() + ")");
        } else {
            events.info("no <baseCheckpoint>: training from scratch (" + cfg.preset().key() + " preset)");
        }
        codec = data.codec(base == null ? null : base.codec(), out);
        config = base != null ? BaseWeights.withVocabulary(base.identity().model(), vocabulary.size())
                : cfg.preset().config(vocabulary.size(), codec.codebookSize());
        if (base != null && base.identity().model().codebookSize() != codec.codebookSize()) {
            throw new FidelException("<codec> has " + codec.codebookSize() + " codes but the base checkpoint predicts "
                    + base.identity().model().codebookSize() + ": leave <codec> out to reuse the base checkpoint's codec", "codec", null);
        }
        TrainingData.Examples examples = data.examples(vocabulary, codec, config);

        Run run = cfg.run();
        TtsTrainer.seedEngine(run.seed());
        model = new SpeechGpt(config);
        model.setInitializer(new SeededNormalInitializer(run.seed(), 0.02), Parameter.Type.WEIGHT);
        model.initialize(manager);
        if (base != null) {
            resize = BaseWeights.load(model, base, vocabulary, run.seed(), events);
        }
        parameters = new ParameterStore(manager, false);
        buckets = new LengthBuckets<>(examples.train(), e -> (e.codes().length + 2) * codec.framesPerCode(), run.batchFrames());
        validationBuckets = new LengthBuckets<>(examples.validation(), e -> (e.codes().length + 2) * codec.framesPerCode(),
                run.batchFrames());
        if (buckets.tooLong() > 0) {
            events.warn(buckets.tooLong() + " training utterance(s) exceed <batchFrames> " + run.batchFrames() + " alone: skipped");
        }
        if (buckets.batches().isEmpty()) {
            throw new FidelException("no training batch fits <batchFrames> " + run.batchFrames() + ": raise it", "batchFrames", null);
        }
        milestones = cfg.schedule().milestoneSteps(buckets.batches().size(), run.gradAccumSteps(), run.maxSteps(), events);
        TrainingSettings settings = TrainingSettings.of(cfg, milestones);
        long parameterCount = model.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
        lora = lora(events);
        ParameterGroups trained = trainedGroups();
        trainer = new TtsTrainer(model, parameters, settings, trained);
        events.info("model " + config + ": " + String.format("%,d", parameterCount) + " parameters, "
                + String.format("%,d", trained.parameterCount()) + " trained (" + cfg.adaptation().kind().key() + "); "
                + examples.train().size() + " training examples in " + buckets.batches().size() + " batches per epoch");
        events.info(TorchEngine.kernels());
        schedule = settings.schedule();
        logSettings(events);
    }

    private void logSettings(EventSink events) {
        Run run = cfg.run();
        if (run.gradAccumSteps() > 1) {
            events.info("gradient accumulation: " + run.gradAccumSteps() + " batches (up to " + run.batchFrames()
                    + " padded frames each) per optimizer step, token-weighted; steps, milestones and <checkpointEvery> count "
                    + "optimizer steps");
        }
        float emaDecay = cfg.optimizer().emaDecay();
        if (emaDecay > 0) {
            events.info("weight average (EMA) with decay " + emaDecay + ": validation and the checkpoints' weights are "
                    + "the average; the trained weights are kept in the training state for resuming");
        }
        for (int m : milestones) {
            events.info("learning rate at milestone step " + m + ": " + String.format("%.3g", schedule.at(m)));
        }
    }

    /**
     * What the adaptation trains: everything ({@link Adaptation.Full}), all but the first blocks and/or the conditioning
     * encoder ({@link Adaptation.Freeze}), or only the LoRA adapters ({@link Adaptation.Lora}). The rest is frozen.
     */
    private ParameterGroups trainedGroups() throws FidelException {
        ParameterGroups trained;
        if (lora != null) {
            trained = ParameterGroups.lora(lora);
        } else if (cfg.adaptation() instanceof Adaptation.Freeze freeze) {
            if (freeze.layers() > model.config().layers()) {
                throw new FidelException("<freezeLayers> " + freeze.layers() + " exceeds the model's " + model.config().layers()
                        + " GPT blocks", "freezeLayers", null);
            }
            trained = ParameterGroups.of(model).withoutFrozen(freeze.layers(), freeze.conditioning());
        } else {
            return ParameterGroups.of(model);
        }
        ParameterGroups.freezeExcept(model, trained);
        return trained;
    }

    /** With LoRA: adapters on every GPT block of the model (which holds the base weights), else null. */
    private LoraAdapters lora(EventSink events) throws FidelException {
        if (!(cfg.adaptation() instanceof Adaptation.Lora adaptation)) {
            return null;
        }
        int max = LoraSettings.maxRank(model.config());
        if (adaptation.rank() > max) {
            throw new FidelException("<loraRank> " + adaptation.rank() + " exceeds the model width " + max + " (the smallest side of the"
                    + " adapted projections): lower it (-Dfidel.finetune.loraRank)", "loraRank", null);
        }
        LoraSettings settings = new LoraSettings(adaptation.rank(), adaptation.alpha());
        LoraAdapters adapters = LoraAdapters.attach(model, settings, manager, cfg.run().seed() + 3);
        events.info(String.format("LoRA rank %d, alpha %s (scale %.3g) on the query/key/value, attention output and MLP projections"
                + " of %d GPT blocks: the base model stays frozen; checkpoints hold the adapters merged into it", settings.rank(),
                settings.alpha(), settings.scale(), model.config().layers()));
        if (resize != null) {
            events.warn("<mode> lora keeps the resized text embedding and head frozen: new pieces keep their composed or random rows;"
                    + " use <mode>full</mode> to train them");
        }
        return adapters;
    }

    /** One batch of {@code examples} in the model's manager. */
    TtsBatch batch(List<TtsExample> examples) {
        return TtsBatch.of(manager, config, examples, REFERENCE_FRAMES);
    }

    FinetuneRequest request() {
        return request;
    }

    TrainingConfig config() {
        return cfg;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    NormalizerProfile profile() {
        return request.normalizerProfile();
    }

    VqMelCodec codec() {
        return codec;
    }

    SpeechGpt model() {
        return model;
    }

    ParameterStore parameters() {
        return parameters;
    }

    LengthBuckets<TtsExample> buckets() {
        return buckets;
    }

    LengthBuckets<TtsExample> validationBuckets() {
        return validationBuckets;
    }

    /** The learning-rate milestones in optimizer steps. */
    List<Integer> milestones() {
        return milestones;
    }

    LearningRateSchedule schedule() {
        return schedule;
    }

    /** The LoRA adapters, or null when the mode is not lora. */
    LoraAdapters lora() {
        return lora;
    }

    TtsTrainer trainer() {
        return trainer;
    }

    /** The embedding resize counts, or null when the base's vocabulary was this run's (or there is no base). */
    String resize() {
        return resize;
    }

    @Override
    public void close() {
        if (base != null) {
            base.close();
        }
        vocabulary.close();
        manager.close();
    }
}
