package dev.fidel.util;

import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses an output folder that would touch an input: one that is an input, holds one, or lies inside
 * one (a corpus, a base checkpoint, a vocabulary, a data set). Paths are compared as the file system
 * sees them, with symbolic links resolved, so a link cannot hide the overlap.
 */
public final class OutputPlacement {

    private OutputPlacement() {
    }

    /**
     * @param output the output folder (need not exist yet)
     * @param outputSetting the configuration element that names it
     * @param inputs configuration element -> input file or folder; null values are skipped
     */
    public static void refuseOverlap(Path output, String outputSetting, Map<String, Path> inputs) throws FidelException {
        Path out = real(output);
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            if (input.getValue() == null) {
                continue;
            }
            Path in = real(input.getValue());
            String relation = out.equals(in) ? "is" : in.startsWith(out) ? "holds" : out.startsWith(in) ? "lies inside" : null;
            if (relation != null) {
                throw new FidelException("<" + outputSetting + "> " + output + " " + relation + " <" + input.getKey() + "> "
                        + input.getValue() + ": the output would be written over an input. Choose an output folder outside "
                        + "every input (the default under target/ is)", outputSetting, null);
            }
        }
    }

    /**
     * The real path of an output folder given as {@code p} (links resolved, so ownership work sees the folder itself);
     * refused when {@code p} is a symbolic link to nothing, before anything is written.
     */
    public static Path output(Path p, String setting) throws FidelException {
        Path absolute = p.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            String target;
            try {
                target = Files.readSymbolicLink(absolute).toString();
            } catch (IOException e) {
                target = "(unreadable)";
            }
            throw new FidelException("<" + setting + "> " + p + " is a symbolic link to " + target + ", which does not exist: "
                    + "create that folder, or point <" + setting + "> at a real folder", setting, null);
        }
        return real(absolute);
    }

    /** The real path of {@code p}: its longest existing ancestor with links resolved, then the rest. */
    public static Path real(Path p) throws FidelException {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            throw new FidelException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }
}
