package dev.fidel.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.util.BoundedFiles;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import dev.fidel.util.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Opens one checkpoint folder and refuses what it cannot account for: a format version newer than
 * this Fidel reads, a missing, truncated or altered state file, and (through a
 * {@link CheckpointCheck}) a vocabulary, normalizer profile, codec or position table that does not
 * match the run. {@code checkpoint.json} is read first and checked before any weights are read.
 *
 * <pre>{@code
 * CheckpointReader reader = CheckpointReader.open(CheckpointStore.resolve(base, "baseCheckpoint", events), "baseCheckpoint");
 * Checkpoint checkpoint = reader.load(check, events);
 * }</pre>
 */
public final class CheckpointReader {

    private final Path folder;
    private final String setting;
    private final CheckpointInfo info;

    private CheckpointReader(Path folder, String setting, CheckpointInfo info) {
        this.folder = folder;
        this.setting = setting;
        this.info = info;
    }

    /**
     * Reads {@code folder/checkpoint.json} and checks that every file it lists is there with its
     * recorded size.
     *
     * @param setting the configuration element that named the checkpoint, for messages
     */
    public static CheckpointReader open(Path folder, String setting) throws FidelException {
        Path infoFile = folder.resolve(CheckpointStore.INFO);
        if (!Files.isRegularFile(infoFile)) {
            throw new FidelException("<" + setting + "> " + folder + " is not a checkpoint: it has no " + CheckpointStore.INFO
                    + " (a checkpoint whose writing was interrupted has none); point it at a complete step-NNNNNN folder", setting, null);
        }
        CheckpointInfo info;
        try {
            info = readInfo(infoFile);
        } catch (FidelException e) {
            throw new FidelException(e.getMessage(), setting, e.getCause());
        }
        CheckpointReader reader = new CheckpointReader(folder, setting, info);
        if (!info.files().containsKey(CheckpointStore.WEIGHTS)) {
            throw reader.refuse(CheckpointStore.INFO + " lists no " + CheckpointStore.WEIGHTS + ": the checkpoint has no weights");
        }
        for (Map.Entry<String, CheckpointInfo.StateFile> e : info.files().entrySet()) {
            Path file = folder.resolve(e.getKey());
            long recorded = e.getValue().bytes();
            if (!Files.isRegularFile(file)) {
                throw reader.refuse(e.getKey() + " is missing (" + CheckpointStore.INFO + " records it, " + recorded
                        + " bytes): the checkpoint is incomplete; restore the file or point <" + setting + "> at another checkpoint");
            }
            long size = size(file);
            if (size != recorded) {
                throw reader.refuse(e.getKey() + " is " + size + " bytes but " + CheckpointStore.INFO + " records " + recorded
                        + ": the file is truncated or was replaced; restore it or point <" + setting + "> at another checkpoint");
            }
        }
        return reader;
    }

    /** Reads a {@code checkpoint.json}, refusing a format version newer than this Fidel reads. */
    public static CheckpointInfo readInfo(Path infoFile) throws FidelException {
        String name = infoFile.toAbsolutePath().getParent().getFileName().toString();
        JsonNode tree;
        try {
            tree = BoundedFiles.tree(infoFile, BoundedFiles.Kind.JSON, null);
        } catch (IOException e) {
            throw new FidelException(infoFile + " is not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject() || !tree.path("formatVersion").isInt()) {
            throw new FidelException(infoFile + " has no formatVersion: it is not a Fidel checkpoint");
        }
        int version = tree.get("formatVersion").asInt();
        if (version > CheckpointInfo.FORMAT_VERSION) {
            throw new FidelException("checkpoint " + name + " has format version " + version + " but this Fidel (" + Versions.FIDEL
                    + ") reads format versions up to " + CheckpointInfo.FORMAT_VERSION + ": load it with the newer Fidel that wrote it");
        }
        try {
            return Json.MAPPER.treeToValue(tree, CheckpointInfo.class);
        } catch (JsonProcessingException e) {
            throw new FidelException(infoFile + " is not a valid checkpoint description: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FidelException(infoFile + " is not a valid checkpoint description: " + e.getMessage(), e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The folder's name, {@code step-000400}: how messages name the checkpoint. */
    public String name() {
        return folder.toAbsolutePath().getFileName().toString();
    }

    public CheckpointInfo info() {
        return info;
    }

    /** Checks the run's expectations; returns the warnings (normalizer drift under {@link NormalizerDrift#REPORT}). */
    public List<String> verify(CheckpointCheck check) throws FidelException {
        return check.verify(name(), info);
    }

    /** The model's weights, after their SHA-256 and their safetensors header are checked. */
    public SafeTensors weights() throws FidelException {
        return tensors(CheckpointStore.WEIGHTS);
    }

    /** The optimizer state, or null when the checkpoint has none (kept for inference only). */
    public SafeTensors optimizer() throws FidelException {
        return info.files().containsKey(CheckpointStore.OPTIMIZER) ? tensors(CheckpointStore.OPTIMIZER) : null;
    }

    /** The scheduler and RNG state, or null when the checkpoint has none. */
    public JsonNode state() throws FidelException {
        if (!info.files().containsKey(CheckpointStore.STATE)) {
            return null;
        }
        Path file = checked(CheckpointStore.STATE);
        try {
            return BoundedFiles.tree(file, BoundedFiles.Kind.JSON, setting);
        } catch (IOException e) {
            throw refuse(CheckpointStore.STATE + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Verifies {@code check} (warnings go to {@code events}), then reads every state file. */
    public Checkpoint load(CheckpointCheck check, EventSink events) throws FidelException {
        for (String warning : verify(check)) {
            events.warn(warning);
        }
        return new Checkpoint(info, weights(), optimizer(), state());
    }

    private SafeTensors tensors(String fileName) throws FidelException {
        Path file = checked(fileName);
        try {
            return SafeTensors.read(file);
        } catch (FidelException e) {
            throw new FidelException(e.getMessage(), setting, e.getCause());
        }
    }

    /** The file, after its SHA-256 is compared with the one recorded. */
    private Path checked(String fileName) throws FidelException {
        Path file = folder.resolve(fileName);
        String recorded = info.files().get(fileName).sha256();
        String actual;
        try {
            actual = Sha256.of(file);
        } catch (IOException e) {
            throw refuse(fileName + " cannot be read: " + e.getMessage());
        }
        if (!actual.equals(recorded)) {
            throw refuse(fileName + " has SHA-256 " + CheckpointCheck.shortHash(actual) + " but " + CheckpointStore.INFO + " records "
                    + CheckpointCheck.shortHash(recorded) + ": the file was altered or damaged; restore it or point <" + setting
                    + "> at another checkpoint");
        }
        return file;
    }

    private static long size(Path file) throws FidelException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new FidelException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private FidelException refuse(String problem) {
        return new FidelException("checkpoint " + name() + " (" + folder + "): " + problem, setting, null);
    }
}
