package dev.fidel.data;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.OwnedFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * prepare-data's output folder, replaced as a whole: the new output is built in a hidden sibling (the staging folder)
 * and swapped in by renames, so a reader never sees half a data set; nothing in it that prepare-data did not write
 * (its marker, {@link OwnedFolder}, lists what it wrote) is ever deleted.
 */
final class StagedOutput {

    private StagedOutput() {
    }

    /** A new, marked staging folder beside {@code out} for run {@code runId}. */
    static OwnedFolder stage(Path out, String runId) throws IOException, FidelException {
        return OwnedFolder.createScratch(out.resolveSibling(staging(out) + runId), PrepareData.TASK, "outputDirectory", runId);
    }

    /** The prefix of an output's staging folder: a hidden sibling, named after it, completed by a run id. */
    private static String staging(Path out) {
        return "." + out.getFileName() + ".staging-";
    }

    /** The prefix of the folder an old output is set aside in while the new one is renamed into place. */
    private static String aside(Path out) {
        return "." + out.getFileName() + ".old-";
    }

    /** Why the output is not whole although its fingerprint matches, or null when every file it lists is there. */
    static String incompleteness(Path out) {
        try {
            OwnedFolder owned = OwnedFolder.existing(out, "outputDirectory");
            if (owned == null) {
                return "the output has no ownership marker " + OwnedFolder.MARKER;
            }
            String missing = owned.incompleteness();
            return missing == null ? null : "the earlier output is not whole: " + missing;
        } catch (FidelException e) {
            return e.getMessage();
        }
    }

    /**
     * Refuses an output folder that holds anything prepare-data did not write (its marker lists what it
     * wrote): prepare-data replaces its output as a whole, and nothing of the user's may go with it.
     */
    static void refuseForeign(Path out) throws IOException, FidelException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new FidelException("the output directory " + out + " is a file", "outputDirectory", null);
        }
        OwnedFolder current = OwnedFolder.inspect(out, PrepareData.TASK, "outputDirectory");
        List<String> foreign = current.foreignFiles();
        if (!foreign.isEmpty()) {
            throw current.foreign(foreign, "prepare-data replaces its output folder as a whole" + (foreign.contains(NormalizerProfile.FILE_NAME)
                    ? " (to use your edited " + NormalizerProfile.FILE_NAME + ", move it out of the output folder and set <"
                            + NormalizerProfile.SETTING + "> to it)" : ""));
        }
    }

    /** Every way out of a run but a completed swap leaves its staging folder: it is removed (Fidel made it). */
    static void removeStaging(Path out, EventSink events) {
        try {
            removeLeftovers(out, events);
        } catch (IOException | UncheckedIOException | FidelException e) {
            events.warn("could not remove the staging folder beside " + out + ": " + e.getMessage());
        }
    }

    /** Removes the staging and set-aside folders an interrupted run of this output left (only ones Fidel marked). */
    static void removeLeftovers(Path out, EventSink events) throws IOException, FidelException {
        if (!Files.isDirectory(out.getParent())) {
            return;
        }
        List<Path> siblings;
        try (Stream<Path> s = Files.list(out.getParent())) {
            siblings = s.filter(p -> p.getFileName().toString().startsWith(staging(out))
                    || p.getFileName().toString().startsWith(aside(out))).toList();
        }
        for (Path leftover : siblings) {
            OwnedFolder owned = OwnedFolder.existing(leftover, "outputDirectory");
            if (owned != null && owned.goal().equals(PrepareData.TASK)) {
                List<String> kept = owned.deleteOwned();
                events.warn("removed " + leftover + ", left by an interrupted run" + (kept.isEmpty() ? ""
                        : "; kept " + kept.size() + " file(s) in it that Fidel did not write"));
            }
        }
    }

    /**
     * Puts the staged output in place of the old one by renames: the old folder is set aside, the
     * staged one renamed into place, and then what the old one's marker lists is deleted. The old
     * folder is checked again first: a file that appeared in it during the run stops the swap.
     */
    static void replace(Path out, OwnedFolder output, EventSink events) throws IOException, FidelException {
        if (Files.isDirectory(out)) {
            refuseForeign(out);
            Path aside = out.resolveSibling(aside(out) + output.runId());
            AtomicFiles.move(out, aside);
            AtomicFiles.move(output.directory(), out);
            OwnedFolder old = OwnedFolder.existing(aside, "outputDirectory");
            List<String> kept = old == null ? List.of() : old.deleteOwned();
            if (!kept.isEmpty()) {
                events.warn("the previous output, set aside in " + aside + ", holds files Fidel did not write; they stay there: " + kept);
            }
        } else {
            Files.createDirectories(out.getParent());
            AtomicFiles.move(output.directory(), out);
        }
    }
}
