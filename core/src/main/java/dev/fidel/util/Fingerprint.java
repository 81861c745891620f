package dev.fidel.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether work can be skipped: a SHA-256 over the tool version, the configuration and the
 * hashes of every input, stored beside the outputs. Same fingerprint and outputs present: up to date.
 */
public final class Fingerprint {

    public static final String FILE_NAME = ".fidel-fingerprint";

    private final TreeMap<String, String> parts = new TreeMap<>();

    public Fingerprint(String task) {
        parts.put("task", task);
        parts.put("fidel.version", Versions.FIDEL);
    }

    public Fingerprint with(String key, Object value) {
        parts.put(key, String.valueOf(value));
        return this;
    }

    public Fingerprint withFile(String key, Path file) throws IOException {
        return with(key, Sha256.of(file));
    }

    public Map<String, String> parts() {
        return Map.copyOf(parts);
    }

    public String value() {
        return Sha256.of(Json.line(parts));
    }

    /** The reason the work must run, or null when {@code outputDirectory} holds this fingerprint. */
    public String staleReason(Path outputDirectory) throws IOException {
        Path stamp = outputDirectory.resolve(FILE_NAME);
        if (!Files.isRegularFile(stamp)) {
            return "no earlier output in " + outputDirectory;
        }
        return staleReasonOf(stamp);
    }

    /** Like {@link #staleReason(Path)} for a single output file: its stamp sits beside it. */
    public String staleReasonOfFile(Path outputFile) throws IOException {
        Path stamp = stampOf(outputFile);
        if (!Files.isRegularFile(outputFile) || !Files.isRegularFile(stamp)) {
            return "no earlier " + outputFile.getFileName();
        }
        return staleReasonOf(stamp);
    }

    private String staleReasonOf(Path stamp) throws IOException {
        String previous = BoundedFiles.firstLine(stamp, 1000, null);
        if (previous == null) {
            return "the stamp " + stamp + " is empty";
        }
        previous = previous.strip();
        if (!previous.startsWith(value())) {
            return "inputs or settings changed since the last run";
        }
        return null;
    }

    /** Marks the outputs complete. Call last, after every output is written. */
    public void record(Path outputDirectory) throws IOException {
        AtomicFiles.writeString(outputDirectory.resolve(FILE_NAME), value() + "\n" + Json.write(parts) + "\n");
    }

    /** Marks a single output file complete (see {@link #staleReasonOfFile}). */
    public void recordFile(Path outputFile) throws IOException {
        AtomicFiles.writeString(stampOf(outputFile), value() + "\n" + Json.write(parts) + "\n");
    }

    private static Path stampOf(Path outputFile) {
        return outputFile.resolveSibling(stampName(outputFile.getFileName().toString()));
    }

    /** The name of the stamp beside a single output file of this name: {@code .report.json.fidel-fingerprint}. */
    public static String stampName(String outputFileName) {
        return "." + outputFileName + FILE_NAME;
    }

    /**
     * The name earlier versions gave that stamp ({@code .report.jsonfidel-fingerprint}, a dot short): released once by
     * the goal that wrote it, where its ownership marker lists it.
     */
    public static String earlierStampName(String outputFileName) {
        return "." + outputFileName + FILE_NAME.substring(1);
    }
}
