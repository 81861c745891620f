package dev.fidel.checkpoint;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.lists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sageserpent.americium.java.Trials;
import dev.fidel.FidelException;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's property, on Americium (sequences shrink to the fewest, simplest steps that still fail): generated
 * sequences of save / prune (saving past {@code keep}) / removeAll / rerun (reopening the store) on a
 * checkpoint store, and of write / release / deleteOwned on an owned folder, with files of the user's dropped at random
 * depths (files, folders, links to files and folders outside, files of the very names Fidel writes, Fidel's own files
 * edited) never delete or change a user's file (SHA-256 before and after, links still pointing where they did), and
 * every step either completes or fails naming the user's path in the way. Each step is an operation and the seed of
 * its own choices (which checkpoint, which entry, where a user's file goes).
 */
class OwnershipSequencesTest {

    private static final int CASES = 80;
    private static final int STEPS = 14;
    private static final String[] STORE_NAMES = {"notes.txt", CheckpointStore.WEIGHTS, CheckpointStore.INFO, CheckpointStore.STATE,
        "latest", "step-000002", "step-000003"};
    private static final String[] FOLDER_ENTRIES = {"report.json", "audio/0.wav", "audio/1.wav", "audio/deep/2.wav"};

    @TempDir
    Path tmp;

    /** A user's file, folder or link and what it must still be. */
    private record UserThing(Path path, String sha256, Path linkTarget) {
    }

    private final Map<Path, UserThing> users = new LinkedHashMap<>();

    /** One step: operation {@code op} (0-8, as in {@link #runCase}) and the seed of its choices. */
    record Step(int op, long seed) {
    }

    static Trials<Step> steps() {
        return ANY.integers(0, 8, 0).and(ANY.longs(0, 1_000_000, 0)).trials().map(c -> new Step(c._1(), c._2()));
    }

    @Test
    void userFilesSurviveEverySequence() {
        forAll(CASES, ANY.integers(1, 3, 1).and(lists(steps(), 1, STEPS)).trials(), c -> {
            users.clear();
            runCase(c._1(), c._2(), Files.createTempDirectory(tmp, "case-"));
        });
    }

    private void runCase(int keep, List<Step> steps, Path root) throws Exception {
        Path out = root.resolve("checkpoints");
        Path reports = root.resolve("reports");
        Path outside = Files.createDirectories(root.resolve("outside"));
        keep(Files.writeString(outside.resolve("thesis.tex"), "chapter 1"));
        keep(Files.writeString(Files.createDirectories(outside.resolve("archive")).resolve("old.bin"), "old"));
        CheckpointStore store = CheckpointStore.open(out, keep, dev.fidel.event.EventSink.NONE);
        for (Step step : steps) {
            int op = step.op();
            Random random = new Random(step.seed());
            try {
                switch (op) {
                    case 0, 1 -> store.save(Fixtures.checkpoint(1 + random.nextInt(4)));
                    case 2 -> store.removeAll();
                    case 3 -> store = CheckpointStore.open(out, keep, dev.fidel.event.EventSink.NONE);
                    case 4 -> {
                        OwnedFolder folder = OwnedFolder.take(reports, "verify-roundtrip", "outputDirectory", n -> false, List.of());
                        String entry = FOLDER_ENTRIES[random.nextInt(FOLDER_ENTRIES.length)];
                        if (entry.contains("/")) {
                            // Parents first: audio, then audio/deep.
                            String parent = entry.substring(0, entry.lastIndexOf('/'));
                            String[] parts = parent.split("/");
                            String prefix = "";
                            for (String part : parts) {
                                prefix = prefix.isEmpty() ? part : prefix + "/" + part;
                                folder.folder(prefix);
                            }
                        }
                        folder.write(entry, ("clip " + random.nextInt()).getBytes());
                    }
                    case 5 -> {
                        OwnedFolder folder = OwnedFolder.take(reports, "verify-roundtrip", "outputDirectory", n -> false, List.of());
                        folder.release(random.nextBoolean() ? "audio" : FOLDER_ENTRIES[random.nextInt(FOLDER_ENTRIES.length)]);
                    }
                    case 6 -> {
                        OwnedFolder folder = OwnedFolder.existing(reports, "outputDirectory");
                        if (folder != null) {
                            folder.deleteOwned();
                        }
                    }
                    default -> dropUserThing(random, random.nextBoolean() ? out : reports, outside);
                }
            } catch (FidelException refused) {
                // A refusal must name a path of the user's that is in the way.
                assertTrue(users.keySet().stream().anyMatch(p -> named(refused.getMessage(), root, p)),
                        "op " + op + " refused without naming a user's path: " + refused.getMessage() + "; the user's: " + users.keySet());
            }
            checkUsers();
        }
        // Cleaning up everything Fidel wrote still leaves every user's thing.
        store.removeAll();
        OwnedFolder folder = OwnedFolder.existing(reports, "outputDirectory");
        if (folder != null) {
            folder.deleteOwned();
        }
        checkUsers();
    }

    private static boolean named(String message, Path root, Path userPath) {
        for (Path p = userPath; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            String rel = p.getParent().equals(root) ? p.getFileName().toString() : p.getParent().getFileName() + "/" + p.getFileName();
            if (message.contains(p.getFileName().toString()) && (message.contains(rel) || message.contains(p.toString())
                    || message.contains(" " + p.getFileName() + ","))) {
                return true;
            }
        }
        return false;
    }

    /** Drops a file, folder, link or a file of a name Fidel writes somewhere under {@code folder}, or edits one of Fidel's files. */
    private void dropUserThing(Random random, Path folder, Path outside) throws IOException {
        Files.createDirectories(folder);
        Path at = folder;
        List<Path> subfolders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(subfolders::add);
        }
        at = subfolders.get(random.nextInt(subfolders.size()));
        String name = random.nextInt(3) == 0 ? STORE_NAMES[random.nextInt(STORE_NAMES.length)]
                : random.nextBoolean() ? "0.wav" : "mine-" + random.nextInt(1000);
        Path target = at.resolve(name);
        int kind = random.nextInt(5);
        if (kind == 4) {
            // Edit one of Fidel's files in place: from then on it is the user's.
            List<Path> fidels = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(folder)) {
                // (The latest pointer is left out: it is Fidel's by name, edited to choose where to resume.)
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !users.containsKey(p)
                        && !p.getFileName().toString().equals(OwnedFolder.MARKER)
                        && !p.getFileName().toString().equals(CheckpointStore.LATEST)).forEach(fidels::add);
            }
            if (!fidels.isEmpty()) {
                Path edited = fidels.get(random.nextInt(fidels.size()));
                Files.writeString(edited, "edited by the user " + random.nextInt());
                keep(edited);
            }
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        switch (kind) {
            case 0 -> keep(Files.writeString(target, "the user's " + random.nextInt()));
            case 1 -> keep(Files.writeString(Files.createDirectories(target).resolve("inside.txt"), "deep " + random.nextInt()));
            case 2 -> keepLink(Files.createSymbolicLink(target, outside.resolve("thesis.tex")));
            default -> keepLink(Files.createSymbolicLink(target, outside.resolve("archive")));
        }
    }

    private void keep(Path file) throws IOException {
        users.put(file, new UserThing(file, Sha256.of(file), null));
    }

    private void keepLink(Path link) throws IOException {
        users.put(link, new UserThing(link, null, Files.readSymbolicLink(link)));
    }

    private void checkUsers() throws IOException {
        for (UserThing u : users.values()) {
            if (u.linkTarget() != null) {
                assertTrue(Files.isSymbolicLink(u.path()), "the user's link " + u.path() + " is gone");
                assertEquals(u.linkTarget(), Files.readSymbolicLink(u.path()), "the user's link " + u.path() + " was changed");
            } else {
                if (!Files.isRegularFile(u.path(), LinkOption.NOFOLLOW_LINKS)) {
                    fail("the user's file " + u.path() + " is gone");
                }
                assertEquals(u.sha256(), Sha256.of(u.path()), "the user's file " + u.path() + " was changed");
            }
        }
    }
}
