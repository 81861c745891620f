package dev.fidel.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a corpus directory holds: the utterances its transcripts describe, the inputs that cannot
 * become utterances already at this stage (a transcript without audio, a malformed row), and every
 * file it has (each is an input of the manifest).
 */
public final class CorpusScan {

    private final List<CorpusEntry> entries = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Path directory;
    private final List<Path> files;
    private final Set<Path> listed;
    private int ignored;

    public CorpusScan(Path directory, List<Path> files) {
        this.directory = directory.toAbsolutePath().normalize();
        this.files = List.copyOf(files);
        this.listed = files.stream().map(f -> f.toAbsolutePath().normalize()).collect(Collectors.toSet());
    }

    /**
     * Why a file a transcript row names may not be read: null when it is one of the corpus files (listed,
     * so in the fingerprint), the empty string when it simply does not exist (missing audio), else the reason. A path that leaves the corpus folder ({@code ../}, absolute) is
     * never looked at; a hidden file inside it is not part of the corpus either, nor a file under a linked
     * folder (the listing does not follow folder links). A linked <em>file</em> in the corpus is listed and
     * fingerprinted by its content, wherever it points.
     */
    String unlisted(Path audio, String named) {
        Path p = audio.toAbsolutePath().normalize();
        if (listed.contains(p)) {
            return null;
        }
        if (!p.startsWith(directory)) {
            return named + " leads outside the corpus folder " + directory + " (to " + p + "): only the corpus's own files are read";
        }
        if (Files.exists(p)) {
            return named + " is not one of the corpus's listed files (a hidden file, or under a hidden or linked folder):"
                    + " those are not part of the corpus (they are not fingerprinted)";
        }
        return "";
    }

    public void add(CorpusEntry entry) {
        entries.add(entry);
    }

    public void reject(Rejection rejection) {
        rejections.add(rejection);
    }

    void countIgnored() {
        ignored++;
    }

    public List<CorpusEntry> entries() {
        return entries;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    /** Every file of the corpus directory, sorted. */
    public List<Path> files() {
        return files;
    }

    /**
     * Audio no table refers to and transcripts without audio, in a corpus that has tables: ignored,
     * as Common Voice's {@code clips/} holds clips of every table, not only of {@code validated.tsv}.
     */
    public int ignored() {
        return ignored;
    }
}
