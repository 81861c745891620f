package dev.fidel.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a corpus directory holds: the utterances its transcripts describe, the inputs that cannot
 * become utterances already at this stage (a transcript without audio, a malformed row), and every
 * file it has (each is an input of the manifest).
 */
public final class CorpusScan {

    private final List<CorpusEntry> entries = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<Path> files;
    private int ignored;

    public CorpusScan(List<Path> files) {
        this.files = List.copyOf(files);
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
