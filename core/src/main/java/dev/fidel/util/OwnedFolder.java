package dev.fidel.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fidel.FidelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An output folder and the record of what Fidel wrote in it: a marker file ({@value #MARKER}) that
 * names the goal, the run, and every entry (file or folder, relative path) Fidel created there.
 *
 * <p>The rule it enforces: Fidel deletes or replaces only what its marker lists. An entry is
 * {@linkplain #claim claimed} (written into the marker) before it is created, so a crash leaves
 * nothing Fidel would not recognise as its own; a name that exists but is not listed belongs to the
 * user and is never touched: writing over it is refused, naming the entry and the setting. A folder
 * another goal owns is refused as a whole. A <em>scratch</em> folder (a staging folder Fidel made
 * for itself) is owned whole.
 */
public final class OwnedFolder {

    public static final String MARKER = ".fidel-owner.json";
    public static final int FORMAT_VERSION = 1;
    /** Size of an entry whose size is not recorded (a folder, or a file still being written). */
    public static final long UNRECORDED = -1;

    /** The marker's content. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Marker(int formatVersion, String tool, String goal, String runId, String created, boolean scratch,
            Map<String, Long> entries) {
    }

    private final Path directory;
    private final String goal;
    private final String setting;
    private final String runId;
    private final boolean scratch;
    private final TreeMap<String, Long> entries;

    private OwnedFolder(Path directory, String goal, String setting, String runId, boolean scratch, Map<String, Long> entries) {
        this.directory = directory;
        this.goal = goal;
        this.setting = setting;
        this.runId = runId;
        this.scratch = scratch;
        this.entries = new TreeMap<>(entries);
    }

    /**
     * Opens {@code directory} as the output of {@code goal}, creating it (and its marker) when absent.
     * A folder without a marker is taken on with nothing in it counted as Fidel's; a folder whose marker
     * names another goal, or cannot be read, is refused.
     *
     * @param setting the configuration element that named the folder, for messages
     */
    public static OwnedFolder open(Path directory, String goal, String setting) throws FidelException, IOException {
        OwnedFolder folder = inspect(directory, goal, setting);
        Files.createDirectories(directory);
        folder.save();
        return folder;
    }

    /**
     * Takes {@code directory} for a goal that writes entries beside whatever else the folder holds:
     * refused, before anything is written, when an entry whose name the goal writes ({@code written})
     * exists but is not listed as Fidel's; then {@code claims} (names {@code written} matches) are claimed,
     * with one write of the marker.
     */
    public static OwnedFolder take(Path directory, String goal, String setting, Predicate<String> written, List<String> claims)
            throws FidelException, IOException {
        OwnedFolder inspected = inspect(directory, goal, setting);
        List<String> foreign = inspected.foreignEntries(written);
        if (!foreign.isEmpty()) {
            throw inspected.foreign(foreign, goal + " writes entries of these names there");
        }
        Files.createDirectories(directory);
        for (String entry : claims) {
            inspected.entries.putIfAbsent(entry, UNRECORDED);
        }
        inspected.save();
        return inspected;
    }

    /**
     * The folder as {@code goal}'s output, read without writing anything: its listed entries, none for a
     * folder without a marker (or one that does not exist). Refused when another goal owns it.
     */
    public static OwnedFolder inspect(Path directory, String goal, String setting) throws FidelException {
        Marker marker = read(directory, setting);
        if (marker != null && !marker.goal().equals(goal)) {
            throw new FidelException("<" + setting + "> " + directory + " is the output of " + marker.goal() + " (see its " + MARKER
                    + "), not of " + goal + ": give each goal a folder of its own", setting, null);
        }
        return new OwnedFolder(directory, goal, setting, newRunId(), false, marker == null ? Map.of() : marker.entries());
    }

    /** The folder as its marker describes it (nothing is written), or null when it has no marker. */
    public static OwnedFolder existing(Path directory, String setting) throws FidelException {
        Marker m = read(directory, setting);
        return m == null ? null : new OwnedFolder(directory, m.goal(), setting, m.runId(), m.scratch(), m.entries());
    }

    /** The marker of {@code directory}, or null when it has none. */
    public static Marker read(Path directory, String setting) throws FidelException {
        Path file = directory.resolve(MARKER);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Marker m = Json.read(file, Marker.class);
            if (m.formatVersion() > FORMAT_VERSION || m.goal() == null || m.entries() == null) {
                throw new IOException("format version " + m.formatVersion() + ", goal " + m.goal());
            }
            return m;
        } catch (IOException | RuntimeException e) {
            throw new FidelException("<" + setting + "> " + directory + " has an ownership marker " + MARKER
                    + " this Fidel cannot read (" + e.getMessage() + "): it will not write into a folder it cannot account for; "
                    + "choose another folder", setting, e);
        }
    }

    /**
     * Creates {@code directory} as a scratch folder of {@code goal}: it must not exist; everything in
     * it is Fidel's (a leftover one is removed whole by {@link #deleteOwned}) until it is {@linkplain #seal sealed}.
     */
    public static OwnedFolder createScratch(Path directory, String goal, String setting, String runId) throws IOException {
        Files.createDirectories(directory.toAbsolutePath().getParent());
        Files.createDirectory(directory);
        OwnedFolder folder = new OwnedFolder(directory, goal, setting, runId, true, Map.of());
        folder.save();
        return folder;
    }

    /** A new run id: when it started, and a random part. */
    public static String newRunId() {
        return Instant.now().toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Path directory() {
        return directory;
    }

    public String goal() {
        return goal;
    }

    public String runId() {
        return runId;
    }

    /** Whether Fidel wrote {@code entry} (a relative path) here. */
    public boolean owns(String entry) {
        return scratch || entries.containsKey(entry);
    }

    /** The listed entries and their recorded sizes. */
    public Map<String, Long> entries() {
        return Map.copyOf(entries);
    }

    /**
     * Records that Fidel is about to create {@code entry} and returns its path. Refused when something
     * Fidel did not write already has that name.
     */
    public Path claim(String entry) throws FidelException, IOException {
        Path path = directory.resolve(entry);
        if (!owns(entry)) {
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw foreign(List.of(entry), "it would be overwritten");
            }
            entries.put(entry, UNRECORDED);
            save();
        }
        return path;
    }

    /** Deletes {@code entry} (a file or a whole folder) when Fidel wrote it; anything else is left alone. */
    public void release(String entry) throws IOException {
        if (!owns(entry)) {
            return;
        }
        deleteTree(directory.resolve(entry));
        entries.remove(entry);
        save();
    }

    /** Deletes {@code entry} when Fidel wrote it, keeping the name claimed for what Fidel writes there next. */
    public void discard(String entry) throws IOException {
        if (owns(entry)) {
            deleteTree(directory.resolve(entry));
        }
    }

    /** Records that Fidel renamed its entry {@code from} to {@code to} in this folder (claim {@code to} first). */
    public void moved(String from, String to) throws IOException {
        entries.remove(from);
        entries.putIfAbsent(to, UNRECORDED);
        save();
    }

    /** The entries directly in the folder whose names match and that Fidel did not write. */
    public List<String> foreignEntries(Predicate<String> names) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(MARKER) && names.test(n) && !owns(n))
                    .sorted().toList();
        }
    }

    /** Every file under the folder that the marker does not list (and that no listed folder holds). */
    public List<String> foreignFiles() throws IOException {
        if (scratch || !Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(this::relative)
                    .filter(rel -> !rel.equals(MARKER) && !ownedWithin(rel))
                    .sorted().toList();
        }
    }

    /** The first listed file that is missing or has another size than recorded, or null when all are whole. */
    public String incompleteness() {
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            Path p = directory.resolve(e.getKey());
            try {
                if (!Files.exists(p)) {
                    return e.getKey() + " is missing";
                }
                if (e.getValue() != UNRECORDED && Files.isRegularFile(p) && Files.size(p) != e.getValue()) {
                    return e.getKey() + " is " + Files.size(p) + " bytes, not the " + e.getValue() + " recorded";
                }
            } catch (IOException x) {
                return e.getKey() + " cannot be read: " + x.getMessage();
            }
        }
        return null;
    }

    /** The refusal for entries that are not Fidel's. */
    public FidelException foreign(List<String> names, String consequence) {
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5
                ? " and " + (names.size() - 5) + " more" : "");
        return new FidelException("<" + setting + "> " + directory + " holds " + shown + ", which " + goal
                + " did not write (they are not in its " + MARKER + "): " + consequence + ". Move them away or choose another folder;"
                + " Fidel never deletes or overwrites files it did not write" + (unmarkedOutput()
                        ? ". (If the folder is the output of a Fidel version without ownership markers, delete it once: mvn clean.)"
                        : ""), setting, null);
    }

    /**
     * Deletes what the marker lists, then the marker and the folders left empty; returns what is left
     * (files that are not Fidel's), which stays where it is.
     */
    public List<String> deleteOwned() throws IOException {
        if (scratch) {
            deleteTree(directory);
            return List.of();
        }
        List<String> listed = new ArrayList<>(entries.keySet());
        java.util.Collections.reverse(listed);
        for (String entry : listed) {
            deleteTree(directory.resolve(entry));
        }
        entries.clear();
        List<String> left = foreignFiles();
        if (left.isEmpty()) {
            deleteTree(directory);
        } else {
            Files.deleteIfExists(directory.resolve(MARKER));
            removeEmptyFolders();
        }
        return left;
    }

    /**
     * Seals a folder Fidel filled itself (a scratch folder): every file in it is listed as Fidel's, with its
     * size, and the folder becomes a plain output, which from then on owns only what it lists.
     */
    public OwnedFolder seal() throws IOException {
        TreeMap<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = relative(p);
                if (!rel.equals(MARKER)) {
                    files.put(rel, Files.size(p));
                }
            }
        }
        OwnedFolder output = new OwnedFolder(directory, goal, setting, runId, false, files);
        output.save();
        return output;
    }

    private boolean unmarkedOutput() {
        return entries.isEmpty() && Files.exists(directory.resolve(Fingerprint.FILE_NAME));
    }

    private boolean ownedWithin(String rel) {
        if (entries.containsKey(rel)) {
            return true;
        }
        for (int slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
            if (entries.containsKey(rel.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private String relative(Path p) {
        return directory.relativize(p).toString().replace('\\', '/');
    }

    private void removeEmptyFolders() throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).filter(Files::isDirectory).toList()) {
                if (!p.equals(directory)) {
                    try (Stream<Path> s = Files.list(p)) {
                        if (s.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }

    private void save() throws IOException {
        Json.write(directory.resolve(MARKER), new Marker(FORMAT_VERSION, "fidel", goal, runId, Instant.now().toString(), scratch,
                new TreeMap<>(entries)));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
