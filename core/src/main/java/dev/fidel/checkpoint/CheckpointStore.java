package dev.fidel.checkpoint;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.BoundedFiles;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of checkpoints, one sub-folder per step ({@code step-000400/}: {@code weights.safetensors},
 * {@code optimizer.safetensors}, {@code state.json}, {@code checkpoint.json}), a {@code latest}
 * pointer, and the last {@code keep} checkpoints kept.
 *
 * <p>A checkpoint is written into a hidden temporary folder, {@code checkpoint.json} last, each file
 * flushed to the disk, and the folder is then renamed into place: a crash never leaves half a
 * checkpoint under a step name, and a step folder with a {@code checkpoint.json} is complete. The
 * {@code latest} pointer is rewritten atomically after the rename and names the checkpoint to resume
 * from; older checkpoints are removed after that. Removing a checkpoint deletes the files Fidel wrote
 * there (listed with their SHA-256 in the folder's ownership marker), {@code checkpoint.json} first; a
 * file of the user's in a step folder stays, and so does the folder holding it. Leftover temporary folders of a crashed run are removed (and logged) when the store is
 * opened. One process writes a store at a time.
 */
public final class CheckpointStore {

    public static final int DEFAULT_KEEP = 3;
    public static final String INFO = "checkpoint.json";
    public static final String WEIGHTS = "weights.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String STATE = "state.json";
    public static final String LATEST = "latest";

    private static final Pattern STEP = Pattern.compile("step-(\\d{6,})");
    /** Temporary folders: being written ({@code .tmp-}) or being removed ({@code .old-}). */
    private static final String TEMP = ".tmp-";
    private static final String OLD = ".old-";

    /** The goal whose output a store is: only {@code finetune} writes checkpoints. */
    public static final String GOAL = "finetune";

    private final Path directory;
    private final int keep;
    private final EventSink events;
    /** What Fidel wrote in the folder; null for a store opened only to read. */
    private final OwnedFolder owned;

    private CheckpointStore(Path directory, int keep, EventSink events, OwnedFolder owned) {
        this.directory = directory;
        this.keep = keep;
        this.events = events;
        this.owned = owned;
    }

    /**
     * Opens (creating it if needed) the store in {@code directory}, removing what a crashed run left
     * half written.
     *
     * @param keep how many of the newest checkpoints to keep (at least 1)
     */
    public static CheckpointStore open(Path directory, int keep, EventSink events) throws IOException, FidelException {
        return open(OwnedFolder.open(directory, GOAL, "outputDirectory"), keep, events);
    }

    /**
     * Opens the store in a folder whose ownership the caller already holds. The store writes, replaces
     * and removes only entries the folder's marker lists.
     */
    public static CheckpointStore open(OwnedFolder folder, int keep, EventSink events) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, not " + keep);
        }
        CheckpointStore store = new CheckpointStore(folder.directory(), keep, events, folder);
        store.removeLeftovers();
        return store;
    }

    public Path directory() {
        return directory;
    }

    /** {@code step-000400}: the folder name of a step. */
    public static String folderName(long step) {
        return String.format("step-%06d", step);
    }

    /**
     * Writes {@code checkpoint} as the folder of its step (replacing one of the same step), points
     * {@code latest} at it, and removes all but the newest {@code keep} checkpoints.
     *
     * @return the checkpoint's information as written, with its files' sizes and hashes
     */
    public CheckpointInfo save(Checkpoint checkpoint) throws IOException, FidelException {
        String name = folderName(checkpoint.step());
        Path target = owned.claim(name);
        String tempName = TEMP + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path temp = owned.claim(tempName);
        owned.claim(LATEST);
        Files.createDirectory(temp);
        owned.recorded(tempName);
        CheckpointInfo written;
        try {
            int total = 1 + (checkpoint.optimizer() != null ? 1 : 0) + (checkpoint.state() != null ? 1 : 0);
            Map<String, CheckpointInfo.StateFile> files = new LinkedHashMap<>();
            writeFile(tempName, WEIGHTS, checkpoint.weights()::write, files, total, name);
            if (checkpoint.optimizer() != null) {
                writeFile(tempName, OPTIMIZER, checkpoint.optimizer()::write, files, total, name);
            }
            if (checkpoint.state() != null) {
                writeFile(tempName, STATE, f -> writeSynced(f, (Json.write(checkpoint.state()) + "\n").getBytes(StandardCharsets.UTF_8)),
                        files, total, name);
            }
            written = checkpoint.info().withFiles(files);
            // checkpoint.json last: its presence marks the folder complete.
            byte[] info = (Json.write(written) + "\n").getBytes(StandardCharsets.UTF_8);
            writeSynced(owned.claim(tempName + "/" + INFO), info);
            owned.recorded(tempName + "/" + INFO, Sha256.of(info));
            syncDirectory(temp);
            install(tempName, name, new ArrayList<>(files.keySet()));
        } finally {
            warnKept(owned.release(tempName));
        }
        syncDirectory(directory);
        // Not recorded with a hash: the pointer stays Fidel's by name, so editing it to choose where to resume is allowed.
        AtomicFiles.writeString(directory.resolve(LATEST), name + "\n");
        events.info("checkpoint " + name + " written to " + target + " (" + sizes(written) + ")");
        prune(target);
        return written;
    }

    /**
     * Puts the checkpoint written in {@code tempName} in place as {@code name}: renamed whole when no folder has that
     * name; else (a checkpoint of the same step, perhaps with files of the user's in it) Fidel's files there are
     * deleted, its {@code checkpoint.json} first, and the new files moved in, {@code checkpoint.json} last. A file of
     * the user's with the name of one of the new files stops it before anything is deleted.
     */
    private void install(String tempName, String name, List<String> files) throws IOException, FidelException {
        Path target = directory.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            List<String> inTheWay = new ArrayList<>();
            for (String file : files) {
                String entry = name + "/" + file;
                if (Files.exists(target.resolve(file), LinkOption.NOFOLLOW_LINKS) && !owned.owns(entry)) {
                    inTheWay.add(entry);
                }
            }
            if (Files.exists(target.resolve(INFO), LinkOption.NOFOLLOW_LINKS) && !owned.owns(name + "/" + INFO)) {
                inTheWay.add(name + "/" + INFO);
            }
            if (!inTheWay.isEmpty()) {
                throw owned.foreign(inTheWay, "the checkpoint of " + name + " would be written over it");
            }
            removeCheckpoint(name);
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.move(directory.resolve(tempName), target);
            owned.moved(tempName, name);
            return;
        }
        List<String> order = new ArrayList<>(files);
        order.add(INFO);
        for (String file : order) {
            AtomicFiles.move(directory.resolve(tempName).resolve(file), target.resolve(file));
            owned.moved(tempName + "/" + file, name + "/" + file);
        }
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private void writeFile(String folder, String fileName, FileWriter writer, Map<String, CheckpointInfo.StateFile> files, int total,
            String name) throws IOException, FidelException {
        String entry = folder + "/" + fileName;
        Path file = owned.claim(entry);
        writer.write(file);
        String sha256 = Sha256.of(file);
        owned.recorded(entry, sha256);
        files.put(fileName, new CheckpointInfo.StateFile(Files.size(file), sha256));
        events.progress("checkpoint " + name, files.size(), total, fileName);
    }

    /**
     * Deletes the checkpoint {@code name} as far as it is Fidel's: its {@code checkpoint.json} first (so a crash leaves
     * it incomplete, never mixed), then its other files, the folder only when that leaves it empty; files of the
     * user's in it are kept and named in the log.
     */
    private void removeCheckpoint(String name) throws IOException {
        owned.release(name + "/" + INFO);
        warnKept(owned.release(name));
    }

    private void warnKept(List<String> kept) {
        if (!kept.isEmpty()) {
            events.warn("kept in " + directory + ": " + String.join(", ", kept) + " (not written by Fidel, or changed since; "
                    + "Fidel deletes only the files it wrote)");
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Flushes a folder's entries (the rename) where the platform allows opening a folder. */
    private static void syncDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can; the rename is still atomic.
        }
    }

    private static String sizes(CheckpointInfo info) {
        List<String> parts = new ArrayList<>();
        info.files().forEach((file, f) -> parts.add(file + " " + f.bytes() + " bytes"));
        return String.join(", ", parts);
    }

    /** The complete checkpoints, oldest first. */
    public List<Path> checkpoints() throws IOException {
        List<Path> complete = new ArrayList<>();
        for (Path folder : stepFolders()) {
            String problem = incompleteness(folder);
            if (problem == null) {
                complete.add(folder);
            } else {
                events.warn("ignoring " + folder + ": " + problem);
            }
        }
        return complete;
    }

    /**
     * The checkpoint to resume from: the one {@code latest} names when it is complete; otherwise (no
     * pointer, or a damaged folder) the newest complete one, and the log says so. Empty when there is none.
     */
    public Optional<Path> latest() throws IOException {
        List<Path> complete = checkpoints();
        Path pointer = directory.resolve(LATEST);
        String named = Files.isRegularFile(pointer) ? BoundedFiles.string(pointer, BoundedFiles.Kind.STAMP, null).strip() : null;
        for (Path folder : complete) {
            if (folder.getFileName().toString().equals(named)) {
                return Optional.of(folder);
            }
        }
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        Path newest = complete.get(complete.size() - 1);
        events.warn(LATEST + " in " + directory + " names " + (named == null ? "nothing" : named + ", which is not a complete checkpoint")
                + "; resuming from the newest complete checkpoint, " + newest.getFileName());
        return Optional.of(newest);
    }

    /**
     * The checkpoint folder {@code path} means: a checkpoint folder itself, or a store whose newest
     * complete checkpoint is taken.
     *
     * @param setting the configuration element that named {@code path}, for the message
     */
    public static Path resolve(Path path, String setting, EventSink events) throws FidelException {
        if (Files.isRegularFile(path.resolve(INFO))) {
            return path;
        }
        if (Files.isDirectory(path)) {
            try {
                Optional<Path> latest = new CheckpointStore(path, DEFAULT_KEEP, events, null).latest();
                if (latest.isPresent()) {
                    return latest.get();
                }
            } catch (IOException e) {
                throw new FidelException("cannot read the checkpoints in " + path + ": " + e.getMessage(), setting, e);
            }
        }
        throw new FidelException("<" + setting + "> " + path + " is neither a checkpoint folder (with " + INFO
                + ") nor a folder of complete checkpoints: point it at a step-NNNNNN folder", setting, null);
    }

    private List<Path> stepFolders() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> STEP.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf)).toList();
        }
    }

    private static long stepOf(Path folder) {
        Matcher m = STEP.matcher(folder.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(folder + " is not a step folder");
        }
        return Long.parseLong(m.group(1));
    }

    /** Why {@code folder} is not a complete checkpoint, or null when it is (its files have the recorded sizes). */
    private static String incompleteness(Path folder) {
        Path info = folder.resolve(INFO);
        if (!Files.isRegularFile(info)) {
            return "it has no " + INFO;
        }
        try {
            CheckpointInfo read = CheckpointReader.readInfo(info);
            for (Map.Entry<String, CheckpointInfo.StateFile> e : read.files().entrySet()) {
                Path file = folder.resolve(e.getKey());
                if (!Files.isRegularFile(file)) {
                    return e.getKey() + " is missing";
                }
                if (Files.size(file) != e.getValue().bytes()) {
                    return e.getKey() + " is " + Files.size(file) + " bytes, not the " + e.getValue().bytes() + " recorded";
                }
            }
            return read.files().containsKey(WEIGHTS) ? null : INFO + " lists no " + WEIGHTS;
        } catch (FidelException | IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Removes all but {@code saved} and the {@code keep - 1} highest other steps (steps above
     * {@code saved} are left by a run that was resumed from an earlier checkpoint).
     */
    private void prune(Path saved) throws IOException, FidelException {
        List<Path> others = new ArrayList<>(checkpoints());
        others.remove(saved);
        others.removeIf(folder -> !owned.owns(folder.getFileName().toString()));
        for (int i = 0; i < others.size() - (keep - 1); i++) {
            String name = others.get(i).getFileName().toString();
            removeCheckpoint(name);
            events.info("removed checkpoint " + name + " (keeping the last " + keep + ")");
        }
    }

    /**
     * Removes every checkpoint this folder's marker lists, and the {@code latest} pointer: the files Fidel wrote;
     * anything else in a step folder stays, and the log names it.
     */
    public void removeAll() throws IOException {
        for (Path folder : stepFolders()) {
            removeCheckpoint(folder.getFileName().toString());
        }
        owned.release(LATEST);
    }

    private void removeLeftovers() throws IOException {
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(directory)) {
            leftovers = entries.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith(TEMP) || n.startsWith(OLD)) && owned.owns(n);
            }).toList();
        }
        for (Path leftover : leftovers) {
            events.warn("removing " + leftover + ": an incomplete checkpoint left by an interrupted run");
            warnKept(owned.release(leftover.getFileName().toString()));
        }
    }

    /** Whether {@code name} is one the store writes: a step folder, a temporary folder or the pointer. */
    public static boolean isStoreEntry(String name) {
        return STEP.matcher(name).matches() || name.startsWith(TEMP) || name.startsWith(OLD) || name.equals(LATEST);
    }
}
