package dev.fidel.training;

import dev.fidel.util.BoundedFiles;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.EmbeddingResizer;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.checkpoint.Tensor;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.data.DataManifest;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.LoraAdapters;
import dev.fidel.model.LoraSettings;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.model.TtsLoss;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.Sha256;
import dev.fidel.vocabulary.Piece;
import dev.fidel.vocabulary.Vocabulary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * The {@code finetune} service: trains a {@link SpeechGpt} on prepared manifests, from scratch or from
 * a base checkpoint (with the text embedding and head resized by piece string when the vocabulary
 * differs), writes checkpoints through {@link TtsCheckpoints}, {@code metrics.jsonl} and
 * {@code loss.svg}, resumes a killed run from its last checkpoint, and fails with a
 * {@link VerdictException} when the validation code loss did not fall by {@code minImprovement}.
 */
public final class Finetune {

    /** Mel frames of the speaker reference window. */
    public static final int REFERENCE_FRAMES = 64;
    public static final String METRICS = "metrics.jsonl";
    public static final String LOSS_CURVE = "loss.svg";
    /** The folder in the output where a codec learned from the training split is kept. */
    public static final String CODEC_CACHE = "codec";

    private final EventSink events;

    public Finetune(EventSink events) {
        this.events = events;
    }

    private record Prepared(List<TtsExample> train, List<TtsExample> validation) {
    }

    public FinetuneResult run(FinetuneRequest r) throws FidelException, IOException {
        validate(r);
        Device device = device(r.device());
        Path out = r.outputDirectory();
        OwnedFolder owned = claimOutput(r);
        requireInputs(r);
        SettingsFingerprint runSettings = FinetuneSettings.of(r, events);
        Fingerprint fingerprint = runSettings.completion();
        CheckpointStore store = CheckpointStore.open(owned, r.keep(), events);
        String stale = fingerprint.staleReason(out);
        Optional<Path> latest = store.latest();
        if (stale == null && !r.force() && latest.isPresent()) {
            events.info("finetune is up to date (" + latest.get() + "); -Dfidel.force=true trains again");
            return new FinetuneResult(latest.get(), true, 0, CheckpointStoreSteps.step(latest.get()), List.of(), Double.NaN,
                    Double.NaN, 0, 0, null);
        }
        String run = runSettings.identity();
        ResumeDecision decision = ResumeDecision.of(runSettings, latest, r, events);
        if (decision.action() == ResumeDecision.Action.JUDGE) {
            return judgeAgain(decision, r, fingerprint);
        }
        boolean startingOver = decision.action() == ResumeDecision.Action.START;
        latest = decision.resumeFrom();

        NormalizerProfile profile = r.normalizerProfile();
        checkDataProfile(r.trainManifest(), profile);
        try (Vocabulary vocabulary = Vocabulary.load(r.vocabulary(), profile);
                NDManager manager = NDManager.newBaseManager(device)) {
            List<Utterance> trainUtterances = readManifest(r.trainManifest(), "trainManifest");
            List<Utterance> validationUtterances = readManifest(r.validationManifest(), "validationManifest");
            MelSpectrogram spectrogram = new MelSpectrogram(MelConfig.defaults());
            events.info("finetune: computing mels of " + trainUtterances.size() + " training and " + validationUtterances.size()
                    + " validation utterances");
            List<float[][]> trainMels = mels(trainUtterances, r.trainManifest(), spectrogram);
            List<float[][]> validationMels = mels(validationUtterances, r.validationManifest(), spectrogram);

            LoadedTts base = null;
            String resize = null;
            try {
                if (r.baseCheckpoint() != null) {
                    base = TtsCheckpoints.load(r.baseCheckpoint(), "baseCheckpoint",
                            CheckpointCheck.none().normalizer(profile, r.normalizerDrift()), events);
                    events.info("fine-tuning from base checkpoint " + base.folder() + " (step " + base.step() + ")");
                } else {
                    events.info("no <baseCheckpoint>: training from scratch (" + r.preset() + " preset)");
                }
                VqMelCodec codec = codec(r, base, trainMels, out);
                GptConfig config = base != null
                        ? withVocabulary(base.config(), vocabulary.size())
                        : preset(r.preset(), vocabulary.size(), codec.codebookSize());
                if (base != null && base.config().codebookSize() != codec.codebookSize()) {
                    throw new FidelException("<codec> has " + codec.codebookSize() + " codes but the base checkpoint predicts "
                            + base.config().codebookSize() + ": leave <codec> out to reuse the base checkpoint's codec", "codec", null);
                }
                Prepared data = examples(r, vocabulary, codec, config, trainUtterances, trainMels, validationUtterances, validationMels);

                TtsTrainer.seedEngine(r.seed());
                SpeechGpt model = new SpeechGpt(config);
                model.setInitializer(new SeededNormalInitializer(r.seed(), 0.02), Parameter.Type.WEIGHT);
                model.initialize(manager);
                if (base != null) {
                    resize = loadBase(model, base, vocabulary, r.seed());
                }
                ParameterStore ps = new ParameterStore(manager, false);

                LengthBuckets<TtsExample> buckets = new LengthBuckets<>(data.train(),
                        e -> (e.codes().length + 2) * codec.framesPerCode(), r.batchFrames());
                LengthBuckets<TtsExample> validationBuckets = new LengthBuckets<>(data.validation(),
                        e -> (e.codes().length + 2) * codec.framesPerCode(), r.batchFrames());
                if (buckets.tooLong() > 0) {
                    events.warn(buckets.tooLong() + " training utterance(s) exceed <batchFrames> " + r.batchFrames() + " alone: skipped");
                }
                if (buckets.batches().isEmpty()) {
                    throw new FidelException("no training batch fits <batchFrames> " + r.batchFrames() + ": raise it", "batchFrames", null);
                }
                List<Integer> milestones = milestoneSteps(r, buckets.batches().size());
                TrainingSettings settings = new TrainingSettings(r.learningRate(), r.warmupSteps(), milestones, r.gamma(), r.clipNorm(),
                        r.textLossWeight(), r.codeLossWeight(), 20, r.seed(), new AdamW.Settings(0.9f, 0.96f, 1e-8f, r.weightDecay()),
                        r.emaDecay());
                long parameters = model.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
                LoraAdapters lora = lora(r, model, manager, resize != null);
                ParameterGroups trained = trainedGroups(r, model, lora);
                TtsTrainer trainer = new TtsTrainer(model, ps, settings, trained);
                events.info("model " + config + ": " + String.format("%,d", parameters) + " parameters, "
                        + String.format("%,d", trained.parameterCount()) + " trained (" + r.mode() + "); " + data.train().size()
                        + " training examples in " + buckets.batches().size() + " batches per epoch");
                if (r.gradAccumSteps() > 1) {
                    events.info("gradient accumulation: " + r.gradAccumSteps() + " batches (up to " + r.batchFrames()
                            + " padded frames each) per optimizer step, token-weighted; steps, milestones and <checkpointEvery> count "
                            + "optimizer steps");
                }
                if (r.emaDecay() > 0) {
                    events.info("weight average (EMA) with decay " + r.emaDecay() + ": validation and the checkpoints' weights are "
                            + "the average; the trained weights are kept in the training state for resuming");
                }
                LearningRateSchedule schedule = settings.schedule();
                for (int m : milestones) {
                    events.info("learning rate at milestone step " + m + ": " + String.format("%.3g", schedule.at(m)));
                }

                if (startingOver) {
                    store.removeAll();
                    owned.discard(METRICS);
                }
                int epoch = 0;
                int batchIndex = 0;
                double startCe;
                long resumedFrom = 0;
                if (latest.isPresent()) {
                    try (LoadedTts resume = TtsCheckpoints.load(latest.get(), "outputDirectory", CheckpointCheck.none(), events)) {
                        if (lora == null) {
                            DjlTensors.load(DjlTensors.weights(resume.model().getParameters()), model.getParameters(),
                                    "checkpoint " + latest.get());
                        } else {
                            LoraState.restore(lora, resume.optimizer(), "checkpoint " + latest.get());
                        }
                        JsonNode t = resume.trainerState();
                        Map<String, float[]> state = new HashMap<>();
                        resume.optimizer().tensors().forEach((k, v) -> state.put(k, v.floats()));
                        trainer.restore(state, t.get("step").asInt(), "checkpoint " + latest.get());
                        epoch = t.get("epoch").asInt();
                        batchIndex = t.get("batch").asInt();
                        startCe = t.get("startValidationCodeCe").asDouble();
                        resumedFrom = t.get("step").asLong();
                        dropMetricsAfter(out, resumedFrom);
                        events.info("resuming from " + latest.get().getFileName() + ": step " + resumedFrom + ", epoch " + epoch
                                + ", learning rate " + String.format("%.3g", schedule.at((int) resumedFrom)));
                    }
                } else {
                    startCe = validate(model, ps, manager, config, validationBuckets, r, out, 0, epoch);
                }

                Map<String, String> manifests = new TreeMap<>();
                manifests.put(r.trainManifest().getFileName().toString(), Sha256.of(r.trainManifest()));
                manifests.put("validation:" + r.validationManifest().getFileName().toString(), Sha256.of(r.validationManifest()));
                CheckpointInfo.Training training = CheckpointInfo.Training.of(manifests, runSettings.toJson(), r.seed(), Map.of());

                long started = System.nanoTime();
                long tokens = 0;
                double millis = 0;
                int stepsDone = 0;
                double codeSum = 0;
                int codeCount = 0;
                double normMax = 0;
                int clipped = 0;
                long microBatches = 0;
                int logEvery = Math.max(1, Math.min(50, r.maxSteps() / 20));
                Path lastGood = latest.orElse(null);
                List<List<TtsExample>> order = buckets.epoch(r.seed(), epoch);
                while (trainer.optimizerSteps() < r.maxSteps()) {
                    TtsTrainer.StepResult s;
                    try (NDScope scope = new NDScope()) {
                        // gradAccumSteps batches in epoch order (an epoch may end between them) make one optimizer step.
                        List<TtsBatch> micro = new ArrayList<>();
                        while (micro.size() < r.gradAccumSteps()) {
                            if (batchIndex >= order.size()) {
                                epoch++;
                                batchIndex = 0;
                                order = buckets.epoch(r.seed(), epoch);
                            }
                            micro.add(TtsBatch.of(manager, config, order.get(batchIndex++), REFERENCE_FRAMES));
                        }
                        microBatches += micro.size();
                        s = trainer.step(micro);
                    } catch (VerdictException e) {
                        throw new VerdictException(e.getMessage() + (lastGood == null ? "; no checkpoint was written yet"
                                : "; the last good checkpoint is " + lastGood), "learningRate");
                    }
                    if (s.skipped()) {
                        events.warn("step " + s.step() + ": non-finite loss or gradient (loss " + s.loss() + "), skipped");
                        continue;
                    }
                    if (milestones.contains(s.step())) {
                        events.info(String.format("milestone step %d reached (epoch %d): learning rate %.3g -> %.3g", s.step(), epoch,
                                schedule.at(s.step() - 1), s.learningRate()));
                    }
                    tokens += s.codeTokens();
                    millis += s.millis();
                    stepsDone++;
                    codeSum += s.codeLoss();
                    codeCount++;
                    normMax = Math.max(normMax, s.gradientNorm());
                    clipped += s.clipped() ? 1 : 0;
                    int step = trainer.optimizerSteps();
                    if (step % logEvery == 0 || step == r.maxSteps()) {
                        double tokensPerSecond = tokens / (millis / 1000);
                        double secondsPerStep = millis / 1000 / stepsDone;
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("kind", "train");
                        line.put("step", step);
                        line.put("epoch", epoch);
                        line.put("batches", microBatches);
                        line.put("trainCodeCe", codeSum / codeCount);
                        line.put("trainTextCe", s.textLoss());
                        line.put("learningRate", s.learningRate());
                        line.put("codeTokensPerSecond", tokensPerSecond);
                        line.put("msPerStep", secondsPerStep * 1000);
                        line.put("gradientNormMax", normMax);
                        line.put("clippedSteps", clipped);
                        line.put("skippedSteps", trainer.skippedSteps());
                        append(out, line);
                        String detail = String.format("steps: code CE %.3f, text CE %.3f, lr %.3g, %.0f code tokens/s, ETA %s",
                                codeSum / codeCount, s.textLoss(), s.learningRate(), tokensPerSecond,
                                duration(secondsPerStep * (r.maxSteps() - step)));
                        events.progress("finetune", step, r.maxSteps(), detail);
                        codeSum = 0;
                        codeCount = 0;
                        normMax = 0;
                        clipped = 0;
                    }
                    if (step % r.checkpointEvery() == 0 && step < r.maxSteps()) {
                        trainer.useAveragedWeights();
                        validate(model, ps, manager, config, validationBuckets, r, out, step, epoch);
                        lastGood = save(store, step, model, lora, vocabulary, profile, codec, training, trainer, run, epoch,
                                batchIndex, startCe).toAbsolutePath();
                        trainer.useTrainedWeights();
                    }
                }
                int finalStep = trainer.optimizerSteps();
                trainer.useAveragedWeights();
                double endCe = validate(model, ps, manager, config, validationBuckets, r, out, finalStep, epoch);
                Path finalCheckpoint = save(store, finalStep, model, lora, vocabulary, profile, codec, training, trainer, run, epoch,
                        batchIndex, startCe);
                LossCurve.write(out.resolve(METRICS), out.resolve(LOSS_CURVE));
                double seconds = (System.nanoTime() - started) / 1e9;
                double tokensPerSecond = millis > 0 ? tokens / (millis / 1000) : 0;
                double stepsPerSecond = stepsDone / Math.max(seconds, 1e-9);
                events.info(String.format("finetune: %d steps (%d in this run, %.2f steps/s, %.0f code tokens/s); validation code CE "
                        + "%.4f -> %.4f (%.1f%% better); metrics in %s", finalStep, stepsDone, stepsPerSecond, tokensPerSecond, startCe,
                        endCe, 100 * (startCe - endCe) / startCe, out.resolve(METRICS)));
                checkImprovement(startCe, endCe, r, finalCheckpoint);
                fingerprint.record(out);
                return new FinetuneResult(finalCheckpoint, false, resumedFrom, finalStep, milestones, startCe, endCe, tokensPerSecond,
                        stepsPerSecond, resize);
            } finally {
                if (base != null) {
                    base.close();
                }
            }
        }
    }

    /** Judges a run that is trained to {@code maxSteps} already, from its stored validation losses: no training, no model. */
    private FinetuneResult judgeAgain(ResumeDecision d, FinetuneRequest r, Fingerprint fingerprint) throws IOException, VerdictException {
        double start = d.startValidationCodeCe();
        double end = d.endValidationCodeCe();
        events.info(String.format("finetune: %d steps (0 in this run); validation code CE %.4f -> %.4f (%.1f%% better), judged "
                + "against <minImprovement> %s", d.step(), start, end, 100 * (start - end) / start, r.minImprovement()));
        checkImprovement(start, end, r, d.checkpoint());
        fingerprint.record(r.outputDirectory());
        return new FinetuneResult(d.checkpoint(), true, d.step(), d.step(), List.of(), start, end, 0, 0, null);
    }

    /** The improvement verdict: the validation code loss must fall by {@code minImprovement}. */
    private static void checkImprovement(double startCe, double endCe, FinetuneRequest r, Path checkpoint) throws VerdictException {
        double improvement = (startCe - endCe) / startCe;
        if (!(improvement >= r.minImprovement())) {
            throw new VerdictException(String.format("the model did not learn: validation code cross-entropy went from %.4f to "
                    + "%.4f (%.1f%% better), less than <minImprovement> %.0f%%. Check <learningRate> (%s), <mode> (%s) and the "
                    + "data, or lower <minImprovement>; the checkpoint is %s", startCe, endCe, 100 * improvement,
                    100 * r.minImprovement(), r.learningRate(), r.mode(), checkpoint), "minImprovement");
        }
    }

    /**
     * Takes the output folder: refused when it is, holds or lies inside an input, or when it holds an
     * entry of a name finetune writes that its marker does not list (the user's, never overwritten).
     */
    private static OwnedFolder claimOutput(FinetuneRequest r) throws FidelException, IOException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("trainManifest", r.trainManifest());
        inputs.put("validationManifest", r.validationManifest());
        inputs.put("vocabulary", r.vocabulary());
        inputs.put("baseCheckpoint", r.baseCheckpoint());
        inputs.put("codec", r.codec());
        OutputPlacement.refuseOverlap(r.outputDirectory(), "outputDirectory", inputs);
        return OwnedFolder.take(r.outputDirectory(), CheckpointStore.GOAL, "outputDirectory", Finetune::isOutputEntry,
                List.of(METRICS, LOSS_CURVE, TrainingReport.FILE_NAME, CODEC_CACHE, Fingerprint.FILE_NAME));
    }

    /**
     * Each input file exists and can be read, else it is refused under its own element: the manifests, the vocabulary
     * (a folder or its {@code .model}, as {@link Vocabulary#load} reads it) and the codec.
     */
    private static void requireInputs(FinetuneRequest r) throws FidelException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("trainManifest", r.trainManifest());
        files.put("validationManifest", r.validationManifest());
        files.put("vocabulary", Vocabulary.modelFile(r.vocabulary()));
        files.put("codec", r.codec());
        for (Map.Entry<String, Path> f : files.entrySet()) {
            if (f.getValue() != null && !(Files.isRegularFile(f.getValue()) && Files.isReadable(f.getValue()))) {
                throw new FidelException("<" + f.getKey() + "> " + f.getValue() + (Files.exists(f.getValue()) ? " cannot be read as a file"
                        : " does not exist"), f.getKey(), null);
            }
        }
    }

    /** Whether finetune writes an entry of this name in its output folder. */
    static boolean isOutputEntry(String name) {
        return CheckpointStore.isStoreEntry(name) || name.equals(METRICS) || name.equals(LOSS_CURVE) || name.equals(CODEC_CACHE)
                || name.equals(Fingerprint.FILE_NAME) || name.equals(TrainingReport.FILE_NAME);
    }

    private static void validate(FinetuneRequest r) throws FidelException {
        if (!(r.clipNorm() >= 0) || Float.isInfinite(r.clipNorm())) {
            throw new FidelException("<clipNorm> " + r.clipNorm() + " must be a finite number, 0 or more (0: no clipping; "
                    + "-Dfidel.finetune.clipNorm)", "clipNorm", null);
        }
        if (!"full".equals(r.mode()) && !"freeze".equals(r.mode()) && !"lora".equals(r.mode())) {
            throw new FidelException("<mode> " + r.mode() + " is not one of full, freeze, lora", "mode", null);
        }
        if ("freeze".equals(r.mode()) && (r.freezeLayers() < 0 || r.freezeLayers() == 0 && !r.freezeConditioning())) {
            throw new FidelException("<mode> freeze with <freezeLayers> " + r.freezeLayers() + " and <freezeConditioning> "
                    + r.freezeConditioning() + " freezes nothing: set <freezeLayers> to the number of first GPT blocks to keep fixed"
                    + " and/or <freezeConditioning>true</freezeConditioning>", "freezeLayers", null);
        }
        if ("lora".equals(r.mode())) {
            if (r.loraRank() < 1) {
                throw new FidelException("<loraRank> " + r.loraRank() + " must be at least 1 (-Dfidel.finetune.loraRank)", "loraRank",
                        null);
            }
            if (!(r.loraAlpha() > 0) || !Float.isFinite(r.loraAlpha())) {
                throw new FidelException("<loraAlpha> " + r.loraAlpha() + " must be positive and finite (-Dfidel.finetune.loraAlpha);"
                        + " the adapters' update is scaled by loraAlpha / loraRank", "loraAlpha", null);
            }
            if (r.baseCheckpoint() == null) {
                throw new FidelException("<mode> lora adapts a trained model but no <baseCheckpoint> is set: the base weights stay"
                        + " frozen, so a random base would stay random; set <baseCheckpoint> or use <mode>full</mode>", "baseCheckpoint",
                        null);
            }
        }
        if (!"steps".equals(r.milestoneUnit()) && !"epochs".equals(r.milestoneUnit())) {
            throw new FidelException("<milestoneUnit> " + r.milestoneUnit() + " is not steps or epochs", "milestoneUnit", null);
        }
        for (int i = 0; i < r.milestones().size(); i++) {
            int m = r.milestones().get(i);
            if (m < 1 || (i > 0 && m <= r.milestones().get(i - 1))) {
                throw new FidelException("<milestones> " + r.milestones() + " (in " + r.milestoneUnit() + ") must be positive and "
                        + "increasing: each one multiplies the learning rate by <gamma> once", "milestones", null);
            }
        }
        if (r.gradAccumSteps() < 1) {
            throw new FidelException("<gradAccumSteps> " + r.gradAccumSteps() + " must be at least 1 (batches per optimizer step)",
                    "gradAccumSteps", null);
        }
        if (!(r.emaDecay() >= 0 && r.emaDecay() < 1)) {
            throw new FidelException("<emaDecay> " + r.emaDecay() + " must be 0 (no weight average) or below 1, e.g. 0.999",
                    "emaDecay", null);
        }
        if (r.maxSteps() < 1 || r.checkpointEvery() < 1 || r.keep() < 1 || r.batchFrames() < 1) {
            throw new FidelException("<maxSteps>, <checkpointEvery>, <keep> and <batchFrames> must be positive (are " + r.maxSteps()
                    + ", " + r.checkpointEvery() + ", " + r.keep() + ", " + r.batchFrames() + ")", "maxSteps", null);
        }
        if (r.learningRate() < 0 || !Float.isFinite(r.learningRate())) {
            throw new FidelException("<learningRate> " + r.learningRate() + " must be finite and not negative", "learningRate", null);
        }
    }

    static GptConfig preset(String preset, int vocabularySize, int codebookSize) throws FidelException {
        return switch (preset) {
            case "nano" -> GptConfig.nano(vocabularySize, codebookSize);
            case "small" -> GptConfig.small(vocabularySize, codebookSize);
            default -> throw new FidelException("<preset> " + preset + " is not nano or small", "preset", null);
        };
    }

    private static GptConfig withVocabulary(GptConfig c, int vocabularySize) {
        return new GptConfig(c.width(), c.layers(), c.heads(), c.dropout(), vocabularySize, c.codebookSize(), c.maxTextTokens(),
                c.maxCodeTokens(), c.conditioningLatents(), c.mels());
    }

    /**
     * The milestones in optimizer steps. Epochs are converted with the optimizer steps of one epoch
     * (batches per epoch / {@code gradAccumSteps}) and the log says both numbers. A milestone that would
     * fall at or after {@code maxSteps} never lowers the rate, so it is refused, in either unit.
     */
    List<Integer> milestoneSteps(FinetuneRequest r, int batchesPerEpoch) throws FidelException {
        double stepsPerEpoch = (double) batchesPerEpoch / r.gradAccumSteps();
        List<Integer> steps = r.milestones();
        String epochs = String.format("%.1f", r.maxSteps() / stepsPerEpoch);
        if ("epochs".equals(r.milestoneUnit())) {
            steps = r.milestones().stream().map(e -> (int) Math.round(e * stepsPerEpoch)).toList();
            events.info("milestones " + r.milestones() + " in epochs are optimizer steps " + steps + " (" + batchesPerEpoch
                    + " batches per epoch / <gradAccumSteps> " + r.gradAccumSteps() + " = " + fraction(stepsPerEpoch)
                    + " optimizer steps per epoch; <maxSteps> " + r.maxSteps() + " is " + epochs + " epochs)");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) >= r.maxSteps()) {
                String which = "epochs".equals(r.milestoneUnit())
                        ? r.milestones().get(i) + " epochs (optimizer step " + steps.get(i) + " at " + fraction(stepsPerEpoch)
                                + " steps per epoch)"
                        : "step " + steps.get(i);
                throw new FidelException("<milestones> " + which + " is not before <maxSteps> " + r.maxSteps() + " (" + epochs
                        + " epochs): the learning rate would never be lowered there. Lower the milestone, raise <maxSteps>, or check "
                        + "<milestoneUnit> (" + r.milestoneUnit() + ")", "milestones", null);
            }
        }
        return steps;
    }

    private static String fraction(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.2f", value);
    }

    /**
     * The device {@code <device>} names: {@code cpu}, or {@code gpu}/{@code cuda} where DJL's engine
     * has CUDA and sees a GPU; otherwise refused, naming the setting.
     */
    static Device device(String name) throws FidelException {
        if ("cpu".equals(name)) {
            return Device.cpu();
        }
        if (!"gpu".equals(name) && !"cuda".equals(name)) {
            throw new FidelException("<device> " + name + " is not one of cpu, gpu, cuda", "device", null);
        }
        Engine engine = Engine.getInstance();
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = cuda ? engine.getGpuCount() : 0;
        if (gpus > 0) {
            return Device.gpu();
        }
        throw new FidelException("<device> " + name + " is not available: DJL's " + engine.getEngineName() + " engine "
                + engine.getVersion() + (cuda ? " has CUDA but sees no GPU" : " has no CUDA (no CUDA engine is present; this Fidel "
                + "bundles only PyTorch's CPU natives)") + ". On a machine with an NVIDIA GPU, set PYTORCH_LIBRARY_PATH to the lib folder of "
                + "a CUDA 12.8 build of libtorch 2.7.1 (and PYTORCH_FLAVOR=cu128); otherwise set <device>cpu</device> (-Dfidel.device=cpu)",
                "device", null);
    }

    /** Drops the lines an interrupted run wrote after the checkpoint it resumes from, so metrics.jsonl stays continuous. */
    private void dropMetricsAfter(Path out, long step) throws IOException {
        Path metrics = out.resolve(METRICS);
        if (!Files.isRegularFile(metrics)) {
            return;
        }
        List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && Json.MAPPER.readTree(line).path("step").asLong() <= step) {
                kept.add(line);
            }
        }
        if (kept.size() < lines.size()) {
            AtomicFiles.writeString(metrics, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
            events.info(METRICS + ": " + (lines.size() - kept.size()) + " line(s) the interrupted run wrote after step " + step
                    + " dropped");
        }
    }

    /**
     * What the mode trains: everything ({@code full}), all but the first {@code freezeLayers} blocks and/or the
     * conditioning encoder ({@code freeze}), or only the LoRA adapters ({@code lora}). The rest is frozen.
     */
    private static ParameterGroups trainedGroups(FinetuneRequest r, SpeechGpt model, LoraAdapters lora) throws FidelException {
        ParameterGroups trained;
        if (lora != null) {
            trained = ParameterGroups.lora(lora);
        } else if ("freeze".equals(r.mode())) {
            if (r.freezeLayers() > model.config().layers()) {
                throw new FidelException("<freezeLayers> " + r.freezeLayers() + " exceeds the model's " + model.config().layers()
                        + " GPT blocks", "freezeLayers", null);
            }
            trained = ParameterGroups.of(model).withoutFrozen(r.freezeLayers(), r.freezeConditioning());
        } else {
            return ParameterGroups.of(model);
        }
        ParameterGroups.freezeExcept(model, trained);
        return trained;
    }

    /** With mode lora: adapters on every GPT block of {@code model} (which holds the base weights), else null. */
    private LoraAdapters lora(FinetuneRequest r, SpeechGpt model, NDManager manager, boolean resized) throws FidelException {
        if (!"lora".equals(r.mode())) {
            return null;
        }
        int max = LoraSettings.maxRank(model.config());
        if (r.loraRank() > max) {
            throw new FidelException("<loraRank> " + r.loraRank() + " exceeds the model width " + max + " (the smallest side of the"
                    + " adapted projections): lower it (-Dfidel.finetune.loraRank)", "loraRank", null);
        }
        LoraSettings settings = new LoraSettings(r.loraRank(), r.loraAlpha());
        LoraAdapters lora = LoraAdapters.attach(model, settings, manager, r.seed() + 3);
        events.info(String.format("LoRA rank %d, alpha %s (scale %.3g) on the query/key/value, attention output and MLP projections"
                + " of %d GPT blocks: the base model stays frozen; checkpoints hold the adapters merged into it", settings.rank(),
                settings.alpha(), settings.scale(), model.config().layers()));
        if (resized) {
            events.warn("<mode> lora keeps the resized text embedding and head frozen: new pieces keep their composed or random rows;"
                    + " use <mode>full</mode> to train them");
        }
        return lora;
    }

    private VqMelCodec codec(FinetuneRequest r, LoadedTts base, List<float[][]> trainMels, Path out) throws FidelException, IOException {
        if (r.codec() != null) {
            VqMelCodec codec = VqMelCodec.load(r.codec());
            events.info("codec " + r.codec() + " (" + codec.sha256().substring(0, 12) + ")");
            return codec;
        }
        if (base != null) {
            events.info("reusing the base checkpoint's codec " + base.codec().sha256().substring(0, 12));
            return base.codec();
        }
        VqMelCodec.Settings settings = VqMelCodec.Settings.defaults();
        String key = Sha256.of(Sha256.of(r.trainManifest()) + settings).substring(0, 16);
        Path cached = out.resolve(CODEC_CACHE).resolve("codec-" + key + ".vq");
        if (Files.isRegularFile(cached)) {
            VqMelCodec codec = VqMelCodec.load(cached);
            events.info("codec " + codec.sha256().substring(0, 12) + " from cache " + cached);
            return codec;
        }
        long t0 = System.nanoTime();
        VqMelCodec codec = VqMelCodec.learn(trainMels, settings);
        Files.createDirectories(cached.getParent());
        codec.save(cached);
        events.info(String.format("codec learned from the training split in %.1f s: K=%d, %d frames per code, reconstruction MSE %.4f,"
                + " %s (cached as %s)", (System.nanoTime() - t0) / 1e9, codec.codebookSize(), codec.framesPerCode(),
                codec.reconstructionError(trainMels.subList(0, Math.min(200, trainMels.size()))), codec.sha256().substring(0, 12), cached));
        return codec;
    }

    private Prepared examples(FinetuneRequest r, Vocabulary vocabulary, VqMelCodec codec, GptConfig config, List<Utterance> train,
            List<float[][]> trainMels, List<Utterance> validation, List<float[][]> validationMels) throws FidelException {
        Map<String, List<float[][]>> references = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            references.computeIfAbsent(train.get(i).speaker(), s -> new ArrayList<>()).add(codec.normalize(trainMels.get(i)));
        }
        List<TtsExample> trainExamples = examples(train, trainMels, vocabulary, codec, config, references, new Random(r.seed() + 1), "training");
        List<TtsExample> validationExamples = examples(validation, validationMels, vocabulary, codec, config, references,
                new Random(r.seed() + 2), "validation");
        if (trainExamples.isEmpty() || validationExamples.isEmpty()) {
            throw new FidelException("finetune needs training and validation utterances; " + r.trainManifest() + " gives "
                    + trainExamples.size() + ", " + r.validationManifest() + " gives " + validationExamples.size(), "trainManifest", null);
        }
        return new Prepared(trainExamples, validationExamples);
    }

    private List<TtsExample> examples(List<Utterance> utterances, List<float[][]> mels, Vocabulary vocabulary, VqMelCodec codec,
            GptConfig config, Map<String, List<float[][]>> references, Random random, String split) {
        List<TtsExample> out = new ArrayList<>();
        int croppedText = 0;
        int skipped = 0;
        List<float[][]> anyReference = references.values().stream().flatMap(List::stream).toList();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            int[] text = vocabulary.encode(u.text());
            int[] codes = codec.encode(mels.get(i));
            if (codes.length > config.maxCodeTokens()) {
                skipped++;
                continue;
            }
            if (text.length > config.maxTextTokens()) {
                text = Arrays.copyOf(text, config.maxTextTokens());
                croppedText++;
            }
            List<float[][]> refs = references.getOrDefault(u.speaker(), anyReference);
            out.add(new TtsExample(u.id(), refs.get(random.nextInt(refs.size())), text, codes));
        }
        if (skipped > 0 || croppedText > 0) {
            events.warn(split + ": " + skipped + " utterance(s) longer than " + config.maxCodeTokens() + " codes skipped, " + croppedText
                    + " text(s) cropped to " + config.maxTextTokens() + " tokens");
        }
        return out;
    }

    /** Copies the base weights; when the vocabulary differs, resizes the text embedding and head by piece string. */
    private String loadBase(SpeechGpt model, LoadedTts base, Vocabulary vocabulary, long seed) throws FidelException {
        SafeTensors baseWeights = DjlTensors.weights(base.model().getParameters());
        String source = "base checkpoint " + base.folder();
        if (base.vocabulary().identity().equals(vocabulary.identity())) {
            DjlTensors.load(baseWeights, model.getParameters(), source);
            events.info("the base checkpoint has the same vocabulary " + vocabulary.identity().substring(0, 12) + ": weights copied");
            return null;
        }
        List<String> basePieces = pieces(base.vocabulary());
        List<String> newPieces = pieces(vocabulary);
        Vocabulary baseVocabulary = base.vocabulary();
        int unk = baseVocabulary.unkId();
        dev.fidel.checkpoint.PieceSplitter splitter = piece -> {
            String text = piece.replace(Piece.SPACE, ' ').strip();
            return text.isEmpty() ? new int[0] : Arrays.stream(baseVocabulary.encode(text)).filter(id -> id != unk).toArray();
        };
        Map<String, Tensor> tensors = new TreeMap<>(baseWeights.tensors());
        String summary = null;
        for (String name : baseWeights.tensors().keySet()) {
            if (name.contains("textEmbedding") || name.contains("textHead")) {
                EmbeddingResizer.Result resized = resizeRows(basePieces, newPieces, splitter, baseWeights.get(name), seed);
                long rows = newPieces.size() + 2L;
                long[] shape = baseWeights.get(name).shape().length == 1 ? new long[] {rows} : new long[] {rows, resized.dim()};
                tensors.put(name, Tensor.f32(resized.matrix(), shape));
                summary = resized.summary();
            }
        }
        DjlTensors.load(new SafeTensors(tensors), model.getParameters(), source);
        events.info("vocabulary changed (" + base.vocabulary().identity().substring(0, 12) + " -> " + vocabulary.identity().substring(0, 12)
                + "): text embedding and head resized by piece string: " + summary);
        return summary;
    }

    /** The vocabulary rows resized, the two start/stop rows after them copied. */
    static EmbeddingResizer.Result resizeRows(List<String> basePieces, List<String> newPieces, dev.fidel.checkpoint.PieceSplitter splitter,
            Tensor base, long seed) {
        long[] shape = base.shape();
        int dim = shape.length == 1 ? 1 : (int) shape[1];
        float[] all = base.floats();
        float[] pieceRows = Arrays.copyOf(all, basePieces.size() * dim);
        EmbeddingResizer.Result resized = EmbeddingResizer.resize(basePieces, newPieces, splitter, pieceRows, dim, seed);
        float[] matrix = Arrays.copyOf(resized.matrix(), (newPieces.size() + 2) * dim);
        System.arraycopy(all, basePieces.size() * dim, matrix, newPieces.size() * dim, 2 * dim);
        return new EmbeddingResizer.Result(matrix, dim, resized.copied(), resized.composed(), resized.randomPieces());
    }

    private static List<String> pieces(Vocabulary v) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            pieces.add(v.piece(i).text());
        }
        return pieces;
    }

    private double validate(SpeechGpt model, ParameterStore ps, NDManager manager, GptConfig config, LengthBuckets<TtsExample> buckets,
            FinetuneRequest r, Path out, int step, int epoch) throws IOException, VerdictException {
        double codeSum = 0;
        double textSum = 0;
        long codeTokens = 0;
        int batches = 0;
        for (List<TtsExample> examples : buckets.batches()) {
            try (NDScope scope = new NDScope()) {
                TtsBatch batch = TtsBatch.of(manager, config, examples, REFERENCE_FRAMES);
                TtsLoss loss = model.loss(ps, batch, false, r.textLossWeight(), r.codeLossWeight());
                codeSum += loss.code().getFloat() * batch.codeTokens();
                textSum += loss.text().getFloat();
                codeTokens += batch.codeTokens();
                batches++;
            }
        }
        double code = codeSum / codeTokens;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "validation");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("validationCodeCe", code);
        line.put("validationTextCe", textSum / batches);
        append(out, line);
        events.info(String.format("validation at step %d: code CE %.4f, text CE %.4f", step, code, textSum / batches));
        if (!Double.isFinite(code)) {
            throw new VerdictException("validation code loss is " + code + " at step " + step + ": training diverged; lower "
                    + "<learningRate> or raise <warmupSteps>; the last good checkpoint stays in " + out, "learningRate");
        }
        return code;
    }

    private Path save(CheckpointStore store, int step, SpeechGpt model, LoraAdapters lora, Vocabulary vocabulary, NormalizerProfile profile,
            VqMelCodec codec, CheckpointInfo.Training training, TtsTrainer trainer, String run, int epoch, int batchIndex, double startCe)
            throws IOException, FidelException {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("run", run);
        state.put("step", step);
        state.put("epoch", epoch);
        state.put("batch", batchIndex);
        state.put("startValidationCodeCe", startCe);
        SafeTensors optimizer = new SafeTensors(DjlTensors.of(trainer.state()));
        if (lora == null) {
            TtsCheckpoints.save(store, step, model, vocabulary, profile, codec, training, optimizer, state);
        } else {
            state.putObject("lora").put("rank", lora.settings().rank()).put("alpha", lora.settings().alpha()).put("merged", true);
            TtsCheckpoints.save(store, step, model.config(), LoraState.mergedWeights(model, lora), vocabulary, profile, codec, training,
                    LoraState.withAdapters(optimizer.tensors(), lora), state);
        }
        return store.directory().resolve(CheckpointStore.folderName(step));
    }

    /**
     * One profile from prepare-data to the checkpoint: the data folder's {@code manifest.json} (when there is one) must
     * record the run's profile. Refused, never only reported: the checkpoint records the profile, and it must be the
     * one its training data was checked and split with.
     */
    static void checkDataProfile(Path trainManifest, NormalizerProfile profile) throws FidelException {
        Path file = trainManifest.toAbsolutePath().getParent().resolve(DataManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return;
        }
        DataManifest data;
        NormalizerProfile used;
        try {
            data = Json.read(file, DataManifest.class, "trainManifest");
            if (data.normalizerSha256() == null || data.normalizerSha256().equals(profile.sha256())) {
                return;
            }
            used = Json.MAPPER.treeToValue(data.normalizerProfile(), NormalizerProfile.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new FidelException("cannot read the normalizer profile recorded in " + file + ": " + e.getMessage(), "trainManifest", e);
        }
        List<String> changed = used.diff(profile);
        throw new FidelException(file + " was prepared with normalizer profile " + shortHash(data.normalizerSha256()) + " (\"" + used.name()
                + "\") but <" + NormalizerProfile.SETTING + "> is " + shortHash(profile.sha256()) + " (\"" + profile.name() + "\"); "
                + changed.size() + " rule(s) changed (data -> current):\n  " + String.join("\n  ", changed)
                + "\nRun prepare-data (and train-vocab) with the same <" + NormalizerProfile.SETTING + ">: a pipeline normalizes with one"
                + " profile from prepare-data to the checkpoint", NormalizerProfile.SETTING, null);
    }

    private static String shortHash(String sha256) {
        return sha256.length() <= 12 ? sha256 : sha256.substring(0, 12) + "\u2026";
    }

    private List<Utterance> readManifest(Path manifest, String setting) throws FidelException {
        if (!Files.isRegularFile(manifest)) {
            throw new FidelException("<" + setting + "> " + manifest + " does not exist: run prepare-data first", setting, null);
        }
        List<Utterance> out = new ArrayList<>();
        try {
            List<String> lines = BoundedFiles.lines(manifest, BoundedFiles.Kind.LINES, setting);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.MAPPER.readValue(lines.get(i), Utterance.class));
                } catch (IOException e) {
                    throw new FidelException(manifest + ":" + (i + 1) + ": not an utterance line: " + e.getMessage(), setting, e);
                }
            }
        } catch (IOException e) {
            throw new FidelException("cannot read " + manifest + ": " + e.getMessage(), setting, e);
        }
        return out;
    }

    private static List<float[][]> mels(List<Utterance> utterances, Path manifest, MelSpectrogram spectrogram) throws FidelException {
        Path folder = manifest.toAbsolutePath().getParent();
        float[][][] mels = new float[utterances.size()][][];
        FidelException[] failure = new FidelException[1];
        java.util.stream.IntStream.range(0, utterances.size()).parallel().forEach(i -> {
            Path wav = folder.resolve(utterances.get(i).audio());
            try {
                mels[i] = spectrogram.compute(readWav(wav, spectrogram.config().sampleRate()));
            } catch (FidelException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return Arrays.asList(mels);
    }

    static float[] readWav(Path file, int sampleRate) throws FidelException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            BoundedFiles.check(file, BoundedFiles.Kind.PREPARED_AUDIO, "trainManifest");
            var format = in.getFormat();
            if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1 || format.getSampleRate() != sampleRate) {
                throw new FidelException(file + " is " + format + ", not 16-bit mono " + sampleRate + " Hz: run prepare-data again");
            }
            byte[] bytes = in.readAllBytes();
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = buf.getShort() / 32768f;
            }
            return samples;
        } catch (IOException | javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new FidelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void append(Path out, Map<String, Object> line) throws IOException {
        Files.writeString(out.resolve(METRICS), Json.line(line) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }

    /** The step of a checkpoint folder. */
    static final class CheckpointStoreSteps {
        static long step(Path folder) throws IOException {
            return Json.MAPPER.readTree(folder.resolve(CheckpointStore.INFO).toFile()).path("step").asLong();
        }
    }
}
