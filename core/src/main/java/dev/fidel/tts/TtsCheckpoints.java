package dev.fidel.tts;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.Checkpoint;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointReader;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.checkpoint.Tensor;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocabulary.VocabularyInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A trained TTS model as a checkpoint, and back. A checkpoint folder is self-contained: the weights,
 * the model's {@link GptConfig} and position table sizes, the vocabulary ({@code .model} bytes in
 * {@code checkpoint.json}, its header in {@code state.json}), the normalizer profile, and the codec
 * file itself ({@code state.json}: {@code codec}, base64) with its identity, and the run's {@code TrainingConfig}
 * ({@code checkpoint.json}: {@code training.config}). {@code state.json} also holds the run's {@link TrainingState}
 * ({@code trainer}) for resuming. A loaded checkpoint is a {@link TtsCheckpoint}; this class is the files' side of it (as
 * {@code Files} is {@code Path}'s): it writes one and reads one back, checked.
 *
 * <pre>{@code
 * try (TtsCheckpoint tts = TtsCheckpoints.load(Path.of("target/fidel/checkpoints"), CheckpointCheck.none(), events)) {
 *     int[] text = tts.vocabulary().encode("ሰላም");
 *     new CodeGenerator(tts.model(), tts.parameters()).greedy(tts.manager(), reference, 64, text, 400);
 * }
 * }</pre>
 */
public final class TtsCheckpoints {

    /** In {@code state.json}: the mel configuration and reference length the model was trained with. */
    public static final String FEATURES = "features";

    /** The codec kind recorded in {@code checkpoint.json}. */
    public static final String CODEC_KIND = "vq-mel";

    /** Mel frames of the speaker reference window Fidel's trainer crops references to (checkpoints that record none). */
    public static final int REFERENCE_FRAMES = 64;

    /** The page finetune writes in its output folder, beside the checkpoints: the reports that judge one link to it. */
    public static final String TRAINING_REPORT = "training-report.html";

    private TtsCheckpoints() {
    }

    /**
     * Writes the model as the checkpoint of {@code step} into {@code store}.
     *
     * @param optimizer the optimizer state ({@code optimizer.safetensors}), or null
     * @param trainingState where the run stands, for resuming ({@code state.json}: {@code trainer}), or null
     */
    public static CheckpointInfo save(CheckpointStore store, long step, SpeechGpt model, Vocabulary vocabulary,
            NormalizerProfile normalizer, VqMelCodec codec, CheckpointInfo.Training training, SafeTensors optimizer,
            TrainingState trainingState) throws IOException, FidelException {
        return save(store, step, model.config(), DjlTensors.weights(model.getParameters()), vocabulary, normalizer, codec, training,
                optimizer, trainingState);
    }

    /**
     * As {@link #save(CheckpointStore, long, SpeechGpt, Vocabulary, NormalizerProfile, VqMelCodec, CheckpointInfo.Training,
     * SafeTensors, TrainingState)} with the weights given (e.g. a LoRA run's, adapters merged): they must be a {@link SpeechGpt}'s of
     * {@code config}, by parameter name.
     */
    public static CheckpointInfo save(CheckpointStore store, long step, GptConfig config, SafeTensors weights, Vocabulary vocabulary,
            NormalizerProfile normalizer, VqMelCodec codec, CheckpointInfo.Training training, SafeTensors optimizer,
            TrainingState trainingState) throws IOException, FidelException {
        // Fidel's trainer computes the default mel and crops references to REFERENCE_FRAMES: that is what is recorded.
        return save(store, step, config, weights, vocabulary, normalizer, codec, training, optimizer, trainingState,
                MelConfig.defaults(), REFERENCE_FRAMES);
    }

    /** As above, recording the features the model was trained on, so synthesis and the gate compute the same ones. */
    public static CheckpointInfo save(CheckpointStore store, long step, GptConfig config, SafeTensors weights, Vocabulary vocabulary,
            NormalizerProfile normalizer, VqMelCodec codec, CheckpointInfo.Training training, SafeTensors optimizer,
            TrainingState trainingState, MelConfig mel, int referenceFrames) throws IOException, FidelException {
        CheckpointInfo info = CheckpointInfo.of(step, Json.MAPPER.valueToTree(config),
                Map.of("text", config.maxTextTokens(), "code", config.maxCodeTokens()),
                new CheckpointInfo.Vocabulary(vocabulary.identity(), vocabulary.size(), vocabulary.model().toBytes()),
                normalizer, new CheckpointInfo.Codec(CODEC_KIND, codec.sha256()), training);
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("codec", Base64.getEncoder().encodeToString(codecBytes(codec)));
        state.set("vocabularyInfo", Json.MAPPER.valueToTree(vocabulary.info()));
        ObjectNode features = state.putObject(FEATURES);
        features.set("mel", Json.MAPPER.valueToTree(mel));
        features.put("referenceFrames", referenceFrames);
        if (trainingState != null) {
            state.set("trainer", trainingState.toJson());
        }
        return store.save(new Checkpoint(info, weights, optimizer, state));
    }

    /**
     * Loads the checkpoint {@code checkpointOrStore} names (a {@code step-NNNNNN} folder, or a store whose
     * latest checkpoint is taken) after {@code check} accepts it. The model lives in a manager of its
     * own, closed with the result.
     */
    public static TtsCheckpoint load(Path checkpointOrStore, CheckpointCheck check, EventSink events) throws FidelException {
        return load(checkpointOrStore, "checkpoint", check, events);
    }

    /** As {@link #load(Path, CheckpointCheck, EventSink)}; {@code setting} names the element that pointed at it. */
    public static TtsCheckpoint load(Path checkpointOrStore, String setting, CheckpointCheck check, EventSink events)
            throws FidelException {
        Path folder = CheckpointStore.resolve(checkpointOrStore, setting, events);
        CheckpointReader reader = CheckpointReader.open(folder, setting);
        Checkpoint checkpoint = reader.load(check, events);
        CheckpointInfo info = checkpoint.info();
        String name = "checkpoint " + reader.name();
        if (!CODEC_KIND.equals(info.codec().kind())) {
            throw new FidelException(name + " uses codec kind " + info.codec().kind() + "; this Fidel loads " + CODEC_KIND, setting, null);
        }
        JsonNode state = checkpoint.state();
        if (state == null || !state.hasNonNull("codec") || !state.hasNonNull("vocabularyInfo")) {
            throw new FidelException(name + " has no codec or vocabulary header in " + CheckpointStore.STATE
                    + ": it was not written by TtsCheckpoints; point <" + setting + "> at a TTS checkpoint", setting, null);
        }
        GptConfig config;
        try {
            config = Json.MAPPER.treeToValue(info.model(), GptConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new FidelException(name + ": its model configuration is not a GptConfig: " + e.getMessage(), setting, e);
        }
        checkSizes(config, checkpoint.weights(), name, setting);
        Path temp = null;
        NDManager manager = TorchEngine.newManager();
        Vocabulary vocabulary = null;
        try {
            VqMelCodec codec = embeddedCodec(state, name, setting);
            if (!codec.sha256().equals(info.codec().sha256())) {
                throw new FidelException(name + ": the codec in " + CheckpointStore.STATE + " has identity " + codec.sha256()
                        + " but " + CheckpointStore.INFO + " records " + info.codec().sha256() + ": the checkpoint was altered", setting, null);
            }
            temp = Files.createTempDirectory("fidel-checkpoint-");
            info.vocabulary().writeModel(temp.resolve(VocabularyInfo.MODEL_FILE_NAME));
            Files.writeString(temp.resolve(VocabularyInfo.FILE_NAME), Json.write(state.get("vocabularyInfo")));
            vocabulary = Vocabulary.load(temp, info.normalizer());
            if (!vocabulary.identity().equals(info.vocabulary().sha256())) {
                throw new FidelException(name + ": its embedded vocabulary has identity " + vocabulary.identity() + " but "
                        + CheckpointStore.INFO + " records " + info.vocabulary().sha256(), setting, null);
            }
            JsonNode features = state.path(FEATURES);
            // Checkpoints written before the features were recorded were all trained on the defaults.
            MelConfig mel = features.has("mel") ? Json.MAPPER.treeToValue(features.get("mel"), MelConfig.class) : MelConfig.defaults();
            int referenceFrames = features.path("referenceFrames").asInt(REFERENCE_FRAMES);
            if (referenceFrames < 1 || referenceFrames > MAX_REFERENCE_FRAMES) {
                throw new FidelException(name + ": " + CheckpointStore.STATE + " gives " + FEATURES + ".referenceFrames " + referenceFrames
                        + ", outside 1.." + MAX_REFERENCE_FRAMES + ": the checkpoint was altered or damaged", setting, null);
            }
            SpeechGpt model = new SpeechGpt(config);
            model.initialize(manager);
            DjlTensors.load(checkpoint.weights(), model.getParameters(), name);
            TtsIdentity identity = new TtsIdentity(config, info.vocabulary().sha256(), info.vocabulary().size(), info.normalizer(),
                    info.codec(), mel, referenceFrames);
            events.info("loaded " + name + " from " + folder + ": step " + info.step() + ", " + config + ", vocabulary "
                    + info.vocabulary().label() + ", codec " + codec.sha256().substring(0, 12) + "; " + trainedWith(info));
            return new TtsCheckpoint(folder, info, identity, manager, model, new ParameterStore(manager, false), codec, vocabulary,
                    checkpoint.optimizer(), TrainingState.of(state.get("trainer")));
        } catch (IOException e) {
            closeQuietly(vocabulary, manager);
            throw new FidelException(name + " (" + folder + ") cannot be loaded: " + e.getMessage(), setting, e);
        } catch (FidelException | RuntimeException e) {
            closeQuietly(vocabulary, manager);
            throw e;
        } finally {
            deleteTree(temp);
        }
    }

    /** How a log line says what the checkpoint records of its training. */
    static String trainedWith(CheckpointInfo info) {
        return info.training().recordedConfig().map(c -> "trained with " + c.adaptation().kind().key() + " adaptation, learning rate "
                + c.optimizer().learningRate() + ", " + c.run().maxSteps() + " steps at most, seed " + c.run().seed())
                .orElse("its training configuration is not recorded (written by an earlier Fidel)");
    }

    /** The upper bounds of a model configuration's sizes: far beyond any real model, they keep a crafted file from allocating. */
    private static final int MAX_WIDTH = 1 << 14;
    private static final int MAX_LAYERS = 1024;
    private static final int MAX_TOKENS = 1 << 24;
    private static final int MAX_LATENTS = 4096;
    private static final int MAX_MELS = 512;
    /** About 12 minutes of reference at 86 frames a second. */
    private static final int MAX_REFERENCE_FRAMES = 1 << 16;

    /**
     * The sizes {@code checkpoint.json} gives the model, against the tensors the weights file really holds (their
     * shapes, from its header), before any model is built: a damaged or crafted configuration (a vocabulary of two
     * billion rows, ten thousand layers) is refused here instead of allocating it. Each table a size field makes is
     * compared with its tensor, every field is bounded, the layers are counted, and the parameters the configuration
     * implies must be exactly the values the weights hold.
     */
    public static void checkSizes(GptConfig c, SafeTensors weights, String name, String setting) throws FidelException {
        String where = name + ": " + CheckpointStore.INFO + " gives model.";
        record Table(String field, int value, String tensor, long rows, long columns) {
        }
        for (Table t : List.of(
                new Table("textVocabularySize", c.textVocabularySize(), "textEmbedding_table", c.textVocabularySize() + 2L, c.width()),
                new Table("maxTextTokens", c.maxTextTokens(), "textPositions_table", c.maxTextTokens() + 2L, c.width()),
                new Table("codebookSize", c.codebookSize(), "codeEmbedding_table", c.codebookSize() + 2L, c.width()),
                new Table("maxCodeTokens", c.maxCodeTokens(), "codePositions_table", c.maxCodeTokens() + 2L, c.width()),
                new Table("conditioningLatents", c.conditioningLatents(), "resampler_latents", c.conditioningLatents(), c.width()),
                new Table("mels", c.mels(), "melIn_weight", c.width(), c.mels()))) {
            // DJL names a child block's parameter "<index><child>_<parameter>", e.g. 02textEmbedding_table.
            Pattern key = Pattern.compile("(.*_)?\\d*" + Pattern.quote(t.tensor()));
            String found = weights.tensors().keySet().stream().filter(k -> key.matcher(k).matches()).findFirst().orElse(t.tensor());
            Tensor tensor = weights.tensors().get(found);
            long[] shape = tensor == null ? null : tensor.shape();
            if (shape == null || shape.length != 2 || shape[0] != t.rows() || shape[1] != t.columns()) {
                throw new FidelException(where + t.field() + " " + t.value() + " and model.width " + c.width() + ": its " + found
                        + " is [" + t.rows() + ", " + t.columns() + "] but " + CheckpointStore.WEIGHTS + " holds "
                        + (shape == null ? "no such tensor" : Arrays.toString(shape))
                        + ": the checkpoint was altered or damaged; nothing was built", setting, null);
            }
        }
        bounded(where, "width", c.width(), MAX_WIDTH, setting);
        bounded(where, "layers", c.layers(), MAX_LAYERS, setting);
        bounded(where, "heads", c.heads(), c.width(), setting);
        bounded(where, "textVocabularySize", c.textVocabularySize(), MAX_TOKENS, setting);
        bounded(where, "codebookSize", c.codebookSize(), MAX_TOKENS, setting);
        bounded(where, "maxTextTokens", c.maxTextTokens(), MAX_TOKENS, setting);
        bounded(where, "maxCodeTokens", c.maxCodeTokens(), MAX_TOKENS, setting);
        bounded(where, "conditioningLatents", c.conditioningLatents(), MAX_LATENTS, setting);
        bounded(where, "mels", c.mels(), MAX_MELS, setting);
        long blocks = weights.tensors().keySet().stream().filter(k -> k.matches("\\d*block\\d+_.*"))
                .map(k -> k.substring(0, k.indexOf('_'))).distinct().count();
        if (blocks != c.layers()) {
            throw new FidelException(where + "layers " + c.layers() + " but " + CheckpointStore.WEIGHTS + " holds " + blocks
                    + " blocks: the checkpoint was altered or damaged; nothing was built", setting, null);
        }
        long held = 0;
        for (Tensor t : weights.tensors().values()) {
            held = Math.addExact(held, t.elementCount());
        }
        long expected = SpeechGpt.parameterCount(c);   // cannot overflow within the bounds above
        if (expected != held) {
            throw new FidelException(String.format(Locale.ROOT, "%s: %s describes a model of %,d parameters (%s) but %s holds %,d"
                    + " values: the checkpoint was altered or damaged; nothing was built", name, CheckpointStore.INFO, expected, c,
                    CheckpointStore.WEIGHTS, held), setting, null);
        }
    }

    private static void bounded(String where, String field, int value, int max, String setting) throws FidelException {
        if (value < 1 || value > max) {
            throw new FidelException(where + field + " " + value + ", outside 1.." + max
                    + ": the checkpoint was altered or damaged; nothing was built", setting, null);
        }
    }

    /** The codec whose file {@code state.json} carries (base64), read with the same checks as a codec file. */
    private static VqMelCodec embeddedCodec(JsonNode state, String name, String setting) throws FidelException {
        try {
            return VqMelCodec.parse(Base64.getDecoder().decode(state.get("codec").asText()), name + " " + CheckpointStore.STATE + " codec");
        } catch (IllegalArgumentException e) {
            throw new FidelException(name + ": the codec in " + CheckpointStore.STATE + " is not base64 (" + e.getMessage()
                    + "): the checkpoint was altered or damaged", setting, e);
        } catch (FidelException e) {
            throw new FidelException(e.getMessage(), setting, e);
        }
    }

    public static byte[] codecBytes(VqMelCodec codec) throws IOException {
        Path file = Files.createTempFile("fidel-codec-", ".vq");
        try {
            codec.save(file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void closeQuietly(Vocabulary vocabulary, NDManager manager) {
        if (vocabulary != null) {
            vocabulary.close();
        }
        manager.close();
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
