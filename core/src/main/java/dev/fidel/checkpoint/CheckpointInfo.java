package dev.fidel.checkpoint;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.config.TrainingConfig;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Json;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.Sha256;
import dev.fidel.util.Versions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code checkpoint.json}: everything a checkpoint needs to be accounted for. The model's
 * configuration, the vocabulary it was trained with (its identity and its {@code .model} bytes, so
 * the checkpoint is self-contained), the normalizer profile and its identity, the codec's identity,
 * the training provenance, and the state files with their sizes and hashes. Loading checks it
 * ({@link CheckpointCheck}, {@link CheckpointReader}).
 *
 * @param formatVersion the version of this layout ({@link #FORMAT_VERSION})
 * @param step the optimizer step the checkpoint was taken after
 * @param model the model's configuration, as the model writes it
 * @param positions the size of each learned position table, by name ({@code text}, {@code code})
 * @param vocabulary the vocabulary the text embedding and head are indexed by
 * @param normalizer the normalizer profile the training text went through
 * @param normalizerSha256 that profile's identity when the checkpoint was written
 * @param codec the audio codec whose codes the model predicts
 * @param training how the weights came to be
 * @param files the state files in the checkpoint folder, by file name; filled in by {@link CheckpointStore}
 */
public record CheckpointInfo(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("step") long step,
        @JsonProperty("model") JsonNode model,
        @JsonProperty("positions") SortedMap<String, Integer> positions,
        @JsonProperty("vocabulary") Vocabulary vocabulary,
        @JsonProperty("normalizer") NormalizerProfile normalizer,
        @JsonProperty("normalizerSha256") String normalizerSha256,
        @JsonProperty("codec") Codec codec,
        @JsonProperty("training") Training training,
        @JsonProperty("files") SortedMap<String, StateFile> files) {

    /** The layout this Fidel writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    public CheckpointInfo {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion + " is not one this Fidel reads (1.." + FORMAT_VERSION + ")");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step " + step + " is negative");
        }
        model = canonical(require("model", model));
        positions = Collections.unmodifiableSortedMap(new TreeMap<>(require("positions", positions)));
        require("vocabulary", vocabulary);
        require("normalizer", normalizer);
        require("normalizerSha256", normalizerSha256);
        require("codec", codec);
        require("training", training);
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files == null ? Map.of() : files));
    }

    /** A new checkpoint's information, before its files are written. */
    public static CheckpointInfo of(long step, JsonNode model, Map<String, Integer> positions, Vocabulary vocabulary,
            NormalizerProfile normalizer, Codec codec, Training training) {
        return new CheckpointInfo(FORMAT_VERSION, step, model, new TreeMap<>(positions), vocabulary, normalizer, normalizer.sha256(),
                codec, training, null);
    }

    /** This information with the state files as written. */
    public CheckpointInfo withFiles(Map<String, StateFile> written) {
        return new CheckpointInfo(formatVersion, step, model, positions, vocabulary, normalizer, normalizerSha256, codec, training,
                new TreeMap<>(written));
    }

    /** The tree as it reads back from its JSON (an int stays an int), so that equal content is equal after a round trip. */
    static JsonNode canonical(JsonNode tree) {
        try {
            return Json.MAPPER.readTree(Json.line(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T require(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException("\"" + what + "\" is missing");
        }
        return value;
    }

    /**
     * The vocabulary, embedded. {@code sha256} is its identity as the vocabulary defines it (the one
     * that tokenization checks compare), {@code size} its number of pieces, {@code model} the
     * SentencePiece {@code .model} bytes (base64 in the JSON).
     */
    public record Vocabulary(@JsonProperty("sha256") String sha256, @JsonProperty("size") int size, @JsonProperty("model") byte[] model) {

        public Vocabulary {
            require("vocabulary sha256", sha256);
            require("vocabulary model", model);
            if (size <= 0) {
                throw new IllegalArgumentException("vocabulary size " + size + " is not positive");
            }
            model = model.clone();
        }

        @Override
        public byte[] model() {
            return model.clone();
        }

        /** Writes the embedded {@code .model} file, atomically: the vocabulary to use with this checkpoint. */
        public void writeModel(Path file) throws IOException {
            AtomicFiles.write(file, model);
        }

        /** "3f2a1b2c3d4e…(8000 pieces)": how messages name a vocabulary. */
        public String label() {
            return label(sha256, size);
        }

        static String label(String sha256, int size) {
            return CheckpointCheck.shortHash(sha256) + "(" + size + " pieces)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vocabulary v && size == v.size && sha256.equals(v.sha256) && Arrays.equals(model, v.model);
        }

        @Override
        public int hashCode() {
            return 31 * sha256.hashCode() + size;
        }

        @Override
        public String toString() {
            return "Vocabulary[" + label() + ", " + model.length + " model bytes]";
        }
    }

    /** The audio codec, by kind ({@code vq-mel}) and identity. */
    public record Codec(@JsonProperty("kind") String kind, @JsonProperty("sha256") String sha256) {

        public Codec {
            require("codec kind", kind);
            require("codec sha256", sha256);
        }
    }

    /**
     * How the weights came to be.
     *
     * @param data each data manifest (as named in the configuration) -> its SHA-256
     * @param config how the run trained, typed; null in a checkpoint written before Fidel recorded it (read as "not
     *     recorded"; such a checkpoint still loads for synthesis, the gate and as a base)
     * @param settings the run's settings by kind and part, as its fingerprint compares them on a rerun
     *     ({@code schedule.milestones}); read from {@code hyperparameters} in checkpoints of earlier Fidel versions; null
     *     when none are recorded
     * @param seed the seed of the run
     * @param libraries library -> version (always {@code fidel}, {@code djl}, {@code java})
     */
    public record Training(
            @JsonProperty("data") SortedMap<String, String> data,
            @JsonProperty("config") TrainingConfig config,
            @JsonProperty("settings") @JsonAlias("hyperparameters") SettingsFingerprint.Parts settings,
            @JsonProperty("seed") long seed,
            @JsonProperty("libraries") SortedMap<String, String> libraries) {

        public Training {
            data = Collections.unmodifiableSortedMap(new TreeMap<>(require("training data", data)));
            libraries = Collections.unmodifiableSortedMap(new TreeMap<>(require("libraries", libraries)));
        }

        /** Provenance of a run of {@code config}, with Fidel's, DJL's and Java's versions added to {@code libraries}. */
        public static Training of(Map<String, String> data, TrainingConfig config, SettingsFingerprint.Parts settings, long seed,
                Map<String, String> libraries) {
            SortedMap<String, String> all = new TreeMap<>(libraries);
            all.put("fidel", Versions.FIDEL);
            all.put("djl", Versions.DJL);
            all.put("java", System.getProperty("java.version"));
            return new Training(new TreeMap<>(data), config, settings, seed, all);
        }

        /** How the run trained, if the checkpoint records it (written before Fidel recorded it: empty). */
        public Optional<TrainingConfig> recordedConfig() {
            return Optional.ofNullable(config);
        }
    }

    /** A file of the checkpoint folder: its length and SHA-256, checked on loading. */
    public record StateFile(@JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256) {

        public StateFile {
            require("sha256", sha256);
        }

        static StateFile of(byte[] content) {
            return new StateFile(content.length, Sha256.of(content));
        }
    }
}
