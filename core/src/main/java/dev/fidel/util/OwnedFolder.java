package dev.fidel.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An output folder and the record of what Fidel wrote in it: a marker file ({@value #MARKER}) that
 * names the goal, the run, and every entry Fidel created there (a relative path inside the folder):
 * a file with its SHA-256, a folder, or an entry still being written.
 *
 * <p>The rule it enforces: Fidel deletes or replaces only the <em>files</em> its marker lists, and
 * only while each still has the SHA-256 recorded (a file changed since is the user's); it removes a
 * folder only when that leaves it empty. Anything else, a file dropped into a folder Fidel made
 * included, is kept and named. An entry is {@linkplain #claim claimed} (written into the marker) before
 * it is created, so a crash leaves nothing Fidel would not recognise as its own; writing over a name
 * Fidel did not write is refused, naming the entry and the setting. A folder another goal owns is
 * refused as a whole. Entries stay inside the folder: a marker entry with {@code ..}, an absolute
 * path, or a path through a symbolic link is refused. A <em>scratch</em> folder (a hidden staging
 * folder Fidel made for itself) is owned whole until it is {@linkplain #seal sealed}.
 */
public final class OwnedFolder {

    public static final String MARKER = ".fidel-owner.json";
    public static final int FORMAT_VERSION = 2;
    /** The value of a folder entry. */
    public static final String FOLDER = "folder";
    /** The value of an entry claimed but not yet recorded (being written). */
    public static final String PENDING = "pending";

    /** The marker's content: entry -> SHA-256 of the file, {@value #FOLDER} or {@value #PENDING}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Marker(int formatVersion, String tool, String goal, String runId, String created, boolean scratch,
            Map<String, String> entries) {
    }

    private final Path directory;
    private final String goal;
    private final String setting;
    private final String runId;
    private final boolean scratch;
    private final TreeMap<String, String> entries;

    private OwnedFolder(Path directory, String goal, String setting, String runId, boolean scratch, Map<String, String> entries) {
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
        Files.createDirectories(folder.directory);
        folder.save();
        return folder;
    }

    /**
     * Takes {@code directory} for a goal that writes entries beside whatever else the folder holds:
     * refused, before anything is written, when an entry whose name the goal writes ({@code written})
     * exists but is not Fidel's; then {@code claims} (names {@code written} matches) are claimed,
     * with one write of the marker.
     */
    public static OwnedFolder take(Path directory, String goal, String setting, Predicate<String> written, List<String> claims)
            throws FidelException, IOException {
        OwnedFolder inspected = inspect(directory, goal, setting);
        List<String> foreign = inspected.foreignEntries(written);
        if (!foreign.isEmpty()) {
            throw inspected.foreign(foreign, goal + " writes entries of these names there");
        }
        Files.createDirectories(inspected.directory);
        for (String entry : claims) {
            inspected.entries.putIfAbsent(entry, PENDING);
        }
        inspected.save();
        return inspected;
    }

    /**
     * The folder as {@code goal}'s output, read without writing anything: its listed entries, none for a
     * folder without a marker (or one that does not exist). Refused when another goal owns it. A folder
     * given through a symbolic link is worked on where the link points.
     */
    public static OwnedFolder inspect(Path directory, String goal, String setting) throws FidelException {
        Path real = located(directory, setting);
        Marker marker = read(real, setting);
        if (marker != null && !marker.goal().equals(goal)) {
            throw new FidelException("<" + setting + "> " + directory + " is the output of " + marker.goal() + " (see its " + MARKER
                    + "), not of " + goal + ": give each goal a folder of its own", setting, null);
        }
        return new OwnedFolder(real, goal, setting, newRunId(), false, marker == null ? Map.of() : marker.entries());
    }

    /** The folder as its marker describes it (nothing is written), or null when it has no marker. */
    public static OwnedFolder existing(Path directory, String setting) throws FidelException {
        Path real = located(directory, setting);
        Marker m = read(real, setting);
        return m == null ? null : new OwnedFolder(real, m.goal(), setting, m.runId(), m.scratch(), m.entries());
    }

    /**
     * The marker of {@code directory}, or null when it has none. Refused when it cannot be read, is larger
     * than a marker may be, or lists an entry outside the folder.
     */
    public static Marker read(Path directory, String setting) throws FidelException {
        Path file = directory.resolve(MARKER);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            Marker m = BoundedFiles.json(file, Marker.class, BoundedFiles.Kind.MARKER, setting);
            if (m.formatVersion() > FORMAT_VERSION || m.goal() == null || m.entries() == null) {
                throw new IOException("format version " + m.formatVersion() + ", goal " + m.goal());
            }
            for (String entry : m.entries().keySet()) {
                if (!confined(entry)) {
                    throw new IOException("it lists " + entry + ", which is not a path inside the folder");
                }
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

    /**
     * Whether {@code entry} (a relative path) is Fidel's: listed, and for a file, still with the SHA-256
     * recorded (a file changed since Fidel wrote it, or a link put in its place, is the user's).
     */
    public boolean owns(String entry) {
        if (scratch) {
            return true;
        }
        String value = entries.get(entry);
        if (value == null || !confined(entry)) {
            return false;
        }
        Path p = directory.resolve(entry);
        if (throughLink(entry)) {
            return false;
        }
        if (value.equals(FOLDER)) {
            return !Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        }
        if (!isHash(value) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && value.equals(sha256(p));
    }

    /** The listed entries and what is recorded for each (SHA-256, {@value #FOLDER} or {@value #PENDING}). */
    public Map<String, String> entries() {
        return Map.copyOf(entries);
    }

    /**
     * Records that Fidel is about to create (or rewrite) {@code entry} and returns its path. Refused when something
     * Fidel did not write (or changed since) already has that name, or the path leaves the folder.
     */
    public Path claim(String entry) throws FidelException, IOException {
        refuseOutside(entry);
        Path path = directory.resolve(entry);
        if (!owns(entry)) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw foreign(List.of(entry), "it would be overwritten");
            }
            entries.put(entry, PENDING);
            save();
        } else if (isHash(entries.get(entry))) {
            // About to be rewritten: a crash before it is recorded again must not make Fidel's own file look like the user's.
            entries.put(entry, PENDING);
            save();
        }
        return path;
    }

    /**
     * Writes {@code bytes} as the file {@code entry} (atomically) and records it with its SHA-256. Refused, before
     * anything is written, when a file of that name is not Fidel's (the user's, or changed since Fidel wrote it).
     */
    public void write(String entry, byte[] bytes) throws FidelException, IOException {
        AtomicFiles.write(claim(entry), bytes);
        recorded(entry, Sha256.of(bytes));
    }

    /** Creates the folder {@code entry} (and records it) unless Fidel made it already; refused when a name is in the way. */
    public Path folder(String entry) throws FidelException, IOException {
        Path p = claim(entry);
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(p);
        }
        if (!FOLDER.equals(entries.get(entry))) {
            recorded(entry, FOLDER);
        }
        return p;
    }

    /** Records what Fidel just wrote at {@code entry} (claimed first): a file with its SHA-256, or a folder. */
    public void recorded(String entry) throws IOException {
        Path p = directory.resolve(entry);
        recorded(entry, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? FOLDER : Sha256.of(p));
    }

    /** Records that Fidel just wrote the file {@code entry} (claimed first), whose SHA-256 the caller computed. */
    public void recorded(String entry, String sha256) throws IOException {
        entries.put(entry, sha256);
        save();
    }

    /**
     * Deletes {@code entry} when Fidel wrote it: a file whose SHA-256 is still the one recorded, or a folder's
     * listed files, the folder itself only when that leaves it empty. Returns what was kept (relative paths):
     * files Fidel did not write or that were changed since, which stay where they are.
     */
    public List<String> release(String entry) throws IOException {
        List<String> kept = remove(entry);
        save();
        return kept;
    }

    /**
     * Deletes {@code entry} when Fidel wrote it (as {@link #release}), keeping the name claimed for what Fidel writes
     * there next. Refused, naming it, when a file of that name is kept (not Fidel's): it would be overwritten.
     */
    public void discard(String entry) throws IOException, FidelException {
        List<String> kept = release(entry);
        if (kept.contains(entry)) {
            throw foreign(kept, "it would be overwritten");
        }
        entries.putIfAbsent(entry, PENDING);
        save();
    }

    /** Records that Fidel renamed its entry {@code from} (with everything listed under it) to {@code to} in this folder. */
    public void moved(String from, String to) throws IOException {
        for (String e : List.copyOf(entries.keySet())) {
            if (e.equals(from) || e.startsWith(from + "/")) {
                entries.put(to + e.substring(from.length()), entries.remove(e));
            }
        }
        entries.putIfAbsent(to, PENDING);
        save();
    }

    /** The entries directly in the folder whose names match and that are not Fidel's. */
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

    /** Every file (or link) under the folder that is not Fidel's: not listed, or changed since Fidel wrote it. */
    public List<String> foreignFiles() throws IOException {
        return foreignFilesUnder("");
    }

    /**
     * The first listed file that is missing or has another SHA-256 than recorded, or null when all are whole. The files
     * are hashed in parallel (a prepared data folder is ~300 MB of WAV, hashed on every up-to-date check).
     */
    public String incompleteness() {
        List<Map.Entry<String, String>> listed = List.copyOf(entries.entrySet());
        String[] found = new String[listed.size()];
        IntStream.range(0, listed.size()).parallel().forEach(i -> {
            String entry = listed.get(i).getKey();
            if (!Files.exists(directory.resolve(entry), LinkOption.NOFOLLOW_LINKS)) {
                found[i] = entry + " is missing";
            } else if (isHash(listed.get(i).getValue()) && !owns(entry)) {
                found[i] = entry + " was changed since Fidel wrote it (its SHA-256 is not the one recorded)";
            }
        });
        return Arrays.stream(found).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The refusal for entries that are not Fidel's. */
    public FidelException foreign(List<String> names, String consequence) {
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5
                ? " and " + (names.size() - 5) + " more" : "");
        return new FidelException("<" + setting + "> " + directory + " holds " + shown + ", which " + goal
                + " did not write or which changed since (they are not in its " + MARKER + " with that content): " + consequence
                + ". Move them away or choose another folder; Fidel never deletes or overwrites files it did not write"
                + (unmarkedOutput() ? ". (If the folder is the output of a Fidel version without ownership markers, delete it once: "
                        + "mvn clean.)" : ""), setting, null);
    }

    /**
     * Deletes the files the marker lists (those still as Fidel wrote them), the folders that leaves empty and,
     * when nothing else is left, the marker and the folder; returns what is left (files that are not Fidel's),
     * which stays where it is. A scratch folder is removed whole.
     */
    public List<String> deleteOwned() throws IOException {
        if (scratch) {
            removeScratch();
            return List.of();
        }
        List<String> kept = new ArrayList<>(remove(""));
        if (kept.isEmpty() && isEmptyBut(directory, MARKER)) {
            Files.deleteIfExists(directory.resolve(MARKER));
            Files.deleteIfExists(directory);
        } else {
            save();
        }
        return kept;
    }

    /**
     * Seals a folder Fidel filled itself (a scratch folder): every file in it is listed as Fidel's, with its
     * SHA-256, and the folder becomes a plain output, which from then on owns only what it lists.
     */
    public OwnedFolder seal() throws IOException {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.toList()) {
                String rel = relative(p);
                if (rel.isEmpty() || rel.equals(MARKER)) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(rel, FOLDER);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(rel, Sha256.of(p));
                }
            }
        }
        OwnedFolder output = new OwnedFolder(directory, goal, setting, runId, false, files);
        output.save();
        return output;
    }

    /** Whether {@code entry} is a relative path that stays inside a folder (no {@code ..}, not absolute, not empty). */
    public static boolean confined(String entry) {
        if (entry == null || entry.isEmpty() || entry.startsWith("/") || entry.contains("\\") || entry.contains("\0")) {
            return false;
        }
        for (String part : entry.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return !Path.of(entry).isAbsolute();
    }

    // Deletes what Fidel wrote at or under entry ("" for everything), deepest first; returns the files kept.
    private List<String> remove(String entry) throws IOException {
        if (!entry.isEmpty() && !entries.containsKey(entry)) {
            return List.of();
        }
        List<String> listed = entries.keySet().stream().filter(e -> entry.isEmpty() || e.equals(entry) || e.startsWith(entry + "/"))
                .sorted(Comparator.reverseOrder()).toList();
        List<String> kept = new ArrayList<>();
        for (String e : listed) {
            Path p = directory.resolve(e);
            if (!confined(e) || throughLink(e)) {
                entries.remove(e);
                continue;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                entries.remove(e);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (isEmptyBut(p, null)) {
                    Files.delete(p);
                    entries.remove(e);
                } else {
                    entries.put(e, FOLDER);
                }
            } else if (owns(e)) {
                Files.delete(p);
                entries.remove(e);
                removeEmptyParents(p);
            } else {
                entries.remove(e);
                kept.add(e);
            }
        }
        for (String f : foreignFilesUnder(entry)) {
            if (!kept.contains(f)) {
                kept.add(f);
            }
        }
        // Folders kept only for what they hold: those holding nothing are removed now.
        for (String e : listed) {
            Path p = directory.resolve(e);
            if (FOLDER.equals(entries.get(e)) && isEmptyBut(p, null)) {
                Files.delete(p);
                entries.remove(e);
            }
        }
        return kept.stream().sorted().toList();
    }

    /** Removes the folders above a file Fidel deleted that it left empty, up to (not including) this folder. */
    private void removeEmptyParents(Path deleted) throws IOException {
        for (Path p = deleted.getParent(); p != null && !p.equals(directory) && p.startsWith(directory); p = p.getParent()) {
            if (!isEmptyBut(p, null)) {
                return;
            }
            Files.delete(p);
            entries.remove(relative(p));
        }
    }

    private List<String> foreignFilesUnder(String entry) throws IOException {
        Path root = entry.isEmpty() ? directory : directory.resolve(entry);
        if (scratch || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(this::relative)
                    .filter(rel -> !rel.isEmpty() && !rel.equals(MARKER) && !owns(rel))
                    .sorted().toList();
        }
    }

    private void refuseOutside(String entry) throws FidelException {
        if (!confined(entry) || throughLink(entry)) {
            throw new FidelException("<" + setting + "> " + directory + ": " + entry + " is not a path inside the folder (or it leads "
                    + "through a symbolic link): Fidel writes only inside its own output folder", setting, null);
        }
    }

    /** Whether a folder on the way to {@code entry} (inside this folder) is a symbolic link. */
    private boolean throughLink(String entry) {
        Path p = directory;
        String[] parts = entry.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    private void removeScratch() throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean isEmptyBut(Path folder, String allowed) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.allMatch(p -> p.getFileName().toString().equals(allowed));
        }
    }

    private static boolean isHash(String value) {
        return value != null && value.length() == 64 && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static String sha256(Path p) {
        try {
            return Sha256.of(p);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static Path located(Path directory, String setting) throws FidelException {
        return OutputPlacement.output(directory, setting);
    }

    private boolean unmarkedOutput() {
        return entries.isEmpty() && Files.exists(directory.resolve(Fingerprint.FILE_NAME));
    }

    private String relative(Path p) {
        return directory.relativize(p).toString().replace('\\', '/');
    }

    private void save() throws IOException {
        Json.write(directory.resolve(MARKER), new Marker(FORMAT_VERSION, "fidel", goal, runId, Instant.now().toString(), scratch,
                new TreeMap<>(entries)));
    }
}
