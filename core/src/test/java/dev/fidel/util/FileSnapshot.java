package dev.fidel.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file under a folder and the SHA-256 of its bytes: two equal snapshots mean nothing was changed, added or lost. */
public final class FileSnapshot {

    private FileSnapshot() {
    }

    /** Relative path -> SHA-256 of every file under {@code root}, leaving out the folders {@code except} (and what is in them). */
    public static Map<String, String> of(Path root, List<Path> except) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        List<Path> skipped = except.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path absolute = p.toAbsolutePath().normalize();
                if (skipped.stream().noneMatch(absolute::startsWith)) {
                    files.put(root.relativize(p).toString(), Sha256.of(p));
                }
            }
        }
        return files;
    }

    public static Map<String, String> of(Path root) throws IOException {
        return of(root, List.of());
    }
}
