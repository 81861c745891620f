package dev.fidel.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The native helpers built from {@code core/src/main/c} into this package's {@code linux-x86_64/} resources. */
final class NativeLibraries {

    private NativeLibraries() {
    }

    /** {@code name} copied to a temporary file to load (deleted when the JVM exits); empty where this build has none. */
    static Optional<Path> unpack(String name) throws IOException {
        try (InputStream in = NativeLibraries.class.getResourceAsStream("linux-x86_64/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            Path library = Files.createTempFile(name.replace(".so", "-"), ".so");
            library.toFile().deleteOnExit();
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(library);
        }
    }
}
