package dev.fidel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.util.OwnedFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defect 1: a file of the user's inside a folder Fidel made (a notes file in a step folder) survives every
 * way finetune removes checkpoints: a rerun that starts over, keeping the last K, re-saving a step, and the leftovers
 * of an interrupted run. Fidel deletes only the files it wrote, each listed with its SHA-256.
 */
class UserFilesInCheckpointsTest {

    @TempDir
    Path dir;

    private final Fixtures.Events events = new Fixtures.Events();

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void notesInAStepFolderSurviveARerunThatStartsOver() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(Fixtures.checkpoint(1));
        store.save(Fixtures.checkpoint(2));
        Path notes = Files.writeString(dir.resolve("step-000002/notes.txt"), "step 2 sounds best, keep it");

        // finetune with changed settings starts over: every checkpoint is removed, then steps 1 and 2 are written again.
        CheckpointStore again = CheckpointStore.open(dir, 3, events);
        again.removeAll();
        assertEquals("step 2 sounds best, keep it", Files.readString(notes));
        assertEquals(List.of("notes.txt"), names(dir.resolve("step-000002")), "only Fidel's files went");
        assertFalse(Files.exists(dir.resolve("step-000001")), "a folder left empty is removed");
        assertTrue(events.warnings.stream().anyMatch(w -> w.contains("step-000002/notes.txt")), events.warnings.toString());

        again.save(Fixtures.checkpoint(1));
        again.save(Fixtures.checkpoint(2));
        assertEquals("step 2 sounds best, keep it", Files.readString(notes));
        assertEquals(List.of(dir.resolve("step-000001"), dir.resolve("step-000002")), again.checkpoints());
        assertEquals(dir.resolve("step-000002"), again.latest().orElseThrow());
    }

    @Test
    void keepingTheLastCheckpointsKeepsTheUsersFiles() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 1, events);
        store.save(Fixtures.checkpoint(1));
        Files.createDirectories(dir.resolve("step-000001/listening"));
        Path clip = Files.write(dir.resolve("step-000001/listening/sample.wav"), new byte[] {1, 2, 3});
        store.save(Fixtures.checkpoint(2));
        assertTrue(Files.isRegularFile(clip));
        assertEquals(List.of("listening"), names(dir.resolve("step-000001")));
        assertEquals(List.of(dir.resolve("step-000002")), store.checkpoints());
    }

    @Test
    void reSavingAStepKeepsTheUsersFileInItsFolder() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(Fixtures.checkpoint(3));
        Path notes = Files.writeString(dir.resolve("step-000003/notes.md"), "# run A");
        store.save(Fixtures.checkpoint(3));
        assertEquals("# run A", Files.readString(notes));
        assertEquals(List.of("checkpoint.json", "notes.md", "optimizer.safetensors", "state.json", "weights.safetensors"),
                names(dir.resolve("step-000003")));
        assertEquals(List.of(dir.resolve("step-000003")), store.checkpoints());
        assertTrue(names(dir).stream().noneMatch(n -> n.startsWith(".tmp-") || n.startsWith(".old-")), names(dir).toString());
    }

    @Test
    void aCheckpointFileTheUserReplacedIsNeitherDeletedNorWrittenOver() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir, 3, events);
        store.save(Fixtures.checkpoint(4));
        // The user puts weights of their own (other content, same name) into the step folder.
        Path weights = dir.resolve("step-000004/" + CheckpointStore.WEIGHTS);
        byte[] theirs = "weights I exported myself".getBytes();
        Files.write(weights, theirs);
        FidelException e = assertThrows(FidelException.class, () -> store.save(Fixtures.checkpoint(4)));
        assertTrue(e.getMessage().contains("step-000004/" + CheckpointStore.WEIGHTS), e.getMessage());
        assertEquals("outputDirectory", e.setting());
        assertEquals(new String(theirs), Files.readString(weights));
        store.removeAll();
        assertEquals(new String(theirs), Files.readString(weights));
    }

    @Test
    void aLinkPutInPlaceOfAFolderFidelMadeIsNotFollowed() throws Exception {
        CheckpointStore store = CheckpointStore.open(dir.resolve("out"), 3, events);
        store.save(Fixtures.checkpoint(5));
        // The user moves the step's files elsewhere and leaves a link in the folder's place.
        Path elsewhere = Files.createDirectories(dir.resolve("archive/step-000005"));
        try (Stream<Path> files = Files.list(dir.resolve("out/step-000005"))) {
            for (Path f : files.toList()) {
                Files.move(f, elsewhere.resolve(f.getFileName()));
            }
        }
        Files.delete(dir.resolve("out/step-000005"));
        Files.createSymbolicLink(dir.resolve("out/step-000005"), elsewhere);
        CheckpointStore.open(dir.resolve("out"), 3, events).removeAll();
        assertEquals(List.of("checkpoint.json", "optimizer.safetensors", "state.json", "weights.safetensors"), names(elsewhere));
    }

    @Test
    void aMarkerEntryOutsideTheFolderIsRefused() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path victim = Files.writeString(dir.resolve("thesis.tex"), "chapter 1");
        Files.writeString(out.resolve(OwnedFolder.MARKER), "{\"formatVersion\":2,\"tool\":\"fidel\",\"goal\":\"finetune\","
                + "\"runId\":\"x\",\"scratch\":false,\"entries\":{\"../thesis.tex\":\"pending\"}}");
        FidelException e = assertThrows(FidelException.class, () -> CheckpointStore.open(out, 3, events).removeAll());
        assertTrue(e.getMessage().contains("../thesis.tex"), e.getMessage());
        assertEquals("chapter 1", Files.readString(victim));
    }

    @Test
    void anOldMarkerWithWholeFolderEntriesKeepsWhatItCannotAccountFor() throws Exception {
        // A marker of the first format listed a step folder as one entry, its files unlisted: they are not deleted blindly.
        Path out = Files.createDirectories(dir.resolve("out/step-000001"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("out/" + OwnedFolder.MARKER), "{\"formatVersion\":1,\"tool\":\"fidel\",\"goal\":\"finetune\","
                + "\"runId\":\"x\",\"scratch\":false,\"entries\":{\"step-000001\":-1}}");
        CheckpointStore.open(dir.resolve("out"), 3, events).removeAll();
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }
}
