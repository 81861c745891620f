package dev.fidel.training;

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
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocabulary.VocabularyInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A trained TTS model as a checkpoint, and back. A checkpoint folder is self-contained: the weights,
 * the model's {@link GptConfig} and position table sizes, the vocabulary ({@code .model} bytes in
 * {@code checkpoint.json}, its header in {@code state.json}), the normalizer profile, and the codec
 * file itself ({@code state.json}: {@code codec}, base64) with its identity. {@code state.json} also
 * holds the trainer's state ({@code trainer}) for resuming.
 *
 * <pre>{@code
 * try (LoadedTts tts = TtsCheckpoints.load(Path.of("target/fidel/checkpoints"), CheckpointCheck.none(), events)) {
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

    private TtsCheckpoints() {
    }

    /**
     * Writes the model as the checkpoint of {@code step} into {@code store}.
     *
     * @param optimizer the optimizer state ({@code optimizer.safetensors}), or null
     * @param trainerState scheduler, RNG and data position for resuming ({@code state.json}: {@code trainer}), or null
     */
    public static CheckpointInfo save(CheckpointStore store, long step, SpeechGpt model, Vocabulary vocabulary,
            NormalizerProfile normalizer, VqMelCodec codec, CheckpointInfo.Training training, SafeTensors optimizer,
            JsonNode trainerState) throws IOException, FidelException {
        return save(store, step, model.config(), DjlTensors.weights(model.getParameters()), vocabulary, normalizer, codec, training,
                optimizer, trainerState);
    }

    /**
     * As {@link #save(CheckpointStore, long, SpeechGpt, Vocabulary, NormalizerProfile, VqMelCodec, CheckpointInfo.Training,
     * SafeTensors, JsonNode)} with the weights given (e.g. a LoRA run's, adapters merged): they must be a {@link SpeechGpt}'s of
     * {@code config}, by parameter name.
     */
    public static CheckpointInfo save(CheckpointStore store, long step, GptConfig config, SafeTensors weights, Vocabulary vocabulary,
            NormalizerProfile normalizer, VqMelCodec codec, CheckpointInfo.Training training, SafeTensors optimizer,
            JsonNode trainerState) throws IOException, FidelException {
        // Fidel's trainer computes the default mel and crops references to REFERENCE_FRAMES: that is what is recorded.
        return save(store, step, config, weights, vocabulary, normalizer, codec, training, optimizer, trainerState,
                MelConfig.defaults(), Finetune.REFERENCE_FRAMES);
    }

    /** As above, recording the features the model was trained on, so synthesis and the gate compute the same ones. */
    static CheckpointInfo save(CheckpointStore store, long step, GptConfig config, SafeTensors weights, Vocabulary vocabulary,
            NormalizerProfile normalizer, VqMelCodec codec, CheckpointInfo.Training training, SafeTensors optimizer,
            JsonNode trainerState, MelConfig mel, int referenceFrames) throws IOException, FidelException {
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
        if (trainerState != null) {
            state.set("trainer", trainerState);
        }
        return store.save(new Checkpoint(info, weights, optimizer, state));
    }

    /**
     * Loads the checkpoint {@code checkpointOrStore} names (a {@code step-NNNNNN} folder, or a store whose
     * latest checkpoint is taken) after {@code check} accepts it. The model lives in a manager of its
     * own, closed with the result.
     */
    public static LoadedTts load(Path checkpointOrStore, CheckpointCheck check, EventSink events) throws FidelException {
        return load(checkpointOrStore, "checkpoint", check, events);
    }

    /** As {@link #load(Path, CheckpointCheck, EventSink)}; {@code setting} names the element that pointed at it. */
    public static LoadedTts load(Path checkpointOrStore, String setting, CheckpointCheck check, EventSink events) throws FidelException {
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
        NDManager manager = NDManager.newBaseManager();
        Vocabulary vocabulary = null;
        try {
            temp = Files.createTempDirectory("fidel-checkpoint-");
            Path codecFile = temp.resolve("codec.vq");
            Files.write(codecFile, Base64.getDecoder().decode(state.get("codec").asText()));
            VqMelCodec codec = VqMelCodec.load(codecFile);
            if (!codec.sha256().equals(info.codec().sha256())) {
                throw new FidelException(name + ": the codec in " + CheckpointStore.STATE + " has identity " + codec.sha256()
                        + " but " + CheckpointStore.INFO + " records " + info.codec().sha256() + ": the checkpoint was altered", setting, null);
            }
            info.vocabulary().writeModel(temp.resolve(VocabularyInfo.MODEL_FILE_NAME));
            Files.writeString(temp.resolve(VocabularyInfo.FILE_NAME), Json.write(state.get("vocabularyInfo")));
            vocabulary = Vocabulary.load(temp, info.normalizer());
            if (!vocabulary.identity().equals(info.vocabulary().sha256())) {
                throw new FidelException(name + ": its embedded vocabulary has identity " + vocabulary.identity() + " but "
                        + CheckpointStore.INFO + " records " + info.vocabulary().sha256(), setting, null);
            }
            SpeechGpt model = new SpeechGpt(config);
            model.initialize(manager);
            DjlTensors.load(checkpoint.weights(), model.getParameters(), name);
            JsonNode trainer = state.get("trainer");
            JsonNode features = state.path(FEATURES);
            // Checkpoints written before the features were recorded were all trained on the defaults.
            MelConfig mel = features.has("mel") ? Json.MAPPER.treeToValue(features.get("mel"), MelConfig.class) : MelConfig.defaults();
            int referenceFrames = features.path("referenceFrames").asInt(Finetune.REFERENCE_FRAMES);
            events.info("loaded " + name + " from " + folder + ": step " + info.step() + ", " + config + ", vocabulary "
                    + info.vocabulary().label() + ", codec " + codec.sha256().substring(0, 12));
            return new LoadedTts(folder, info, config, manager, model, new ParameterStore(manager, false), codec, vocabulary,
                    info.normalizer(), checkpoint.optimizer(), trainer, mel, referenceFrames);
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

    /**
     * The sizes {@code checkpoint.json} gives the model, against the tensors the weights file really holds, before
     * any model is built: a damaged or crafted configuration (a vocabulary of two billion rows) is refused here
     * instead of allocating it. Every large table is sized by these fields; the rest are bounded.
     */
    static void checkSizes(GptConfig c, SafeTensors weights, String name, String setting) throws FidelException {
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        rows.put("textEmbedding", c.textVocabularySize() + 2L);
        rows.put("textPositions", c.maxTextTokens() + 2L);
        rows.put("codeEmbedding", c.codebookSize() + 2L);
        rows.put("codePositions", c.maxCodeTokens() + 2L);
        for (Map.Entry<String, Long> r : rows.entrySet()) {
            // DJL names a child block's parameter "<index><child>_<parameter>", e.g. 02textEmbedding_table.
            String key = weights.tensors().keySet().stream().filter(k -> k.matches("\\d*" + r.getKey() + "_table")).findFirst()
                    .orElse(r.getKey() + "_table");
            Tensor t = weights.tensors().get(key);
            long[] shape = t == null ? null : t.shape();
            if (shape == null || shape.length != 2 || shape[0] != r.getValue() || shape[1] != c.width()) {
                throw new FidelException(name + ": " + CheckpointStore.INFO + " describes a model whose " + key + " is ["
                        + r.getValue() + ", " + c.width() + "] but " + CheckpointStore.WEIGHTS + " holds "
                        + (shape == null ? "no such tensor" : java.util.Arrays.toString(shape))
                        + ": the checkpoint was altered or damaged; nothing was built", setting, null);
            }
        }
        long blocks = weights.tensors().keySet().stream().filter(k -> k.matches("\\d*block\\d+_.*"))
                .map(k -> k.substring(0, k.indexOf('_'))).distinct().count();
        if (blocks != c.layers() || c.heads() < 1 || c.conditioningLatents() < 1 || c.conditioningLatents() > 4096 || c.mels() < 1
                || c.mels() > 512) {
            throw new FidelException(name + ": " + CheckpointStore.INFO + " describes " + c.layers() + " layers, " + c.heads()
                    + " heads, " + c.conditioningLatents() + " conditioning latents and " + c.mels() + " mels; "
                    + CheckpointStore.WEIGHTS + " holds " + blocks + " blocks: the checkpoint was altered or damaged", setting, null);
        }
    }

    static byte[] codecBytes(VqMelCodec codec) throws IOException {
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
