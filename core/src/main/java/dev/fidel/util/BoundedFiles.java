package dev.fidel.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way Fidel reads a whole file a user gave it: the file's size is checked with
 * {@link Files#size} against the limit of its {@link Kind} before a byte is read, so a huge file is
 * refused with a message naming it, its size, the limit and the setting, never noticed as an
 * {@code OutOfMemoryError}. Where only a few lines are needed, {@link #firstLine} reads no more than that.
 */
public final class BoundedFiles {

    private static final long KB = 1000;
    private static final long MB = 1000 * KB;

    /** The kinds of file read whole, each with the most bytes Fidel reads of one. */
    public enum Kind {
        /** A transcript beside a clip: {@code .txt}, {@code .json}, {@code .lrc}. */
        TRANSCRIPT("a transcript file (.txt, .json, .lrc)", 4 * MB),
        /** A corpus table: {@code metadata.csv}, a Common Voice {@code .tsv}. */
        TABLE("a corpus table (metadata.csv, .tsv)", 256 * MB),
        /** A list of records or sentences, one a line ({@code train.jsonl}, {@code <sentences>}, {@code metrics.jsonl}). */
        LINES("a file of lines (.jsonl, sentences)", 256 * MB),
        /** A JSON record: a manifest, {@code checkpoint.json}, a report, a normalizer profile, a vocabulary record. */
        JSON("a JSON file", 64 * MB),
        /** A SentencePiece {@code .model}. */
        VOCABULARY_MODEL("a vocabulary model (.model)", 64 * MB),
        /** A codec ({@code .vq}). */
        CODEC("a codec file (.vq)", 512 * MB),
        /** A clip of a prepared data set (16-bit WAV), read whole for training. */
        PREPARED_AUDIO("a prepared audio clip (.wav)", 200 * MB),
        /** The weights of a recognizer Fidel trained and keeps ({@code recognizer.safetensors}). */
        WEIGHTS("a weights file (.safetensors)", 1000 * MB),
        /** An ownership marker. */
        MARKER("an ownership marker (" + OwnedFolder.MARKER + ")", 64 * MB),
        /** A pointer or stamp: {@code latest}, a fingerprint. */
        STAMP("a pointer or stamp file", 1 * MB);

        private final String description;
        private final long limit;

        Kind(String description, long limit) {
            this.description = description;
            this.limit = limit;
        }

        public String description() {
            return description;
        }

        /** The most bytes read of one file of this kind. */
        public long limit() {
            return limit;
        }
    }

    /** A file larger than its kind allows; an IOException, so it travels where a read error of that file would. */
    public static final class TooLarge extends IOException {
        private final Path file;
        private final long size;
        private final Kind kind;
        private final String setting;

        TooLarge(Path file, long size, Kind kind, String setting) {
            super((setting == null ? "" : "<" + setting + "> ") + file + " is " + ByteSize.of(size) + ", more than the "
                    + ByteSize.of(kind.limit()) + " Fidel reads of " + kind.description() + "; it is refused rather than read into "
                    + "memory. Check that it is the file you meant" + (kind == Kind.TRANSCRIPT || kind == Kind.TABLE
                            ? ", or split it" : ""));
            this.file = file;
            this.size = size;
            this.kind = kind;
            this.setting = setting;
        }

        public Path file() {
            return file;
        }

        public long size() {
            return size;
        }

        public Kind kind() {
            return kind;
        }

        /** The configuration element that named the file (or the folder that holds it), or null. */
        public String setting() {
            return setting;
        }
    }

    private BoundedFiles() {
    }

    /**
     * Refuses {@code file} when it is larger than {@code kind} allows.
     *
     * @param setting the configuration element that named the file or its folder, for the message (null when none)
     * @return its size
     */
    public static long check(Path file, Kind kind, String setting) throws IOException {
        long size = Files.size(file);
        if (size > kind.limit()) {
            throw new TooLarge(file, size, kind, setting);
        }
        return size;
    }

    public static byte[] bytes(Path file, Kind kind, String setting) throws IOException {
        check(file, kind, setting);
        try (InputStream in = Files.newInputStream(file)) {
            // Read at most one byte past the limit: a file that grew since the check is still refused.
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, kind.limit() + 1));
            if (bytes.length > kind.limit()) {
                throw new TooLarge(file, Files.size(file), kind, setting);
            }
            return bytes;
        }
    }

    /** The file as UTF-8 text (malformed bytes replaced). */
    public static String string(Path file, Kind kind, String setting) throws IOException {
        return new String(bytes(file, kind, setting), StandardCharsets.UTF_8);
    }

    /** The file's lines (UTF-8). */
    public static List<String> lines(Path file, Kind kind, String setting) throws IOException {
        check(file, kind, setting);
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The first line of {@code file} (UTF-8, without its line end), reading at most {@code maxChars}
     * characters of it; null for an empty file. A longer first line is refused naming the file.
     */
    public static String firstLine(Path file, int maxChars, String setting) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (b.length() >= maxChars) {
                    throw new IOException((setting == null ? "" : "<" + setting + "> ") + file + ": its first line is longer than "
                            + maxChars + " characters; this is not the kind of file expected there");
                }
                b.append((char) c);
            }
            if (b.isEmpty() && Files.size(file) == 0) {
                return null;
            }
            int end = b.length();
            return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
        }
    }

    /** A JSON file read into {@code type}, with the size checked first and {@link Json}'s read constraints. */
    public static <T> T json(Path file, Class<T> type, Kind kind, String setting) throws IOException {
        byte[] bytes = bytes(file, kind, setting);
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A JSON file as a tree, with the size checked first. */
    public static JsonNode tree(Path file, Kind kind, String setting) throws IOException {
        byte[] bytes = bytes(file, kind, setting);
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
