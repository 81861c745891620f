package dev.fidel.data;

import java.nio.file.Path;

/**
 * One utterance as a corpus describes it, before its audio is decoded or checked.
 *
 * @param id stable id from the corpus (file name, row id, lyric line), decides the split
 * @param speaker speaker as the format names it ("default" when it names none)
 * @param audio the audio file
 * @param file the audio file relative to the corpus directory, for reports
 * @param source where the transcript was read (e.g. {@code validated.tsv:12}, {@code a.txt})
 * @param text the transcript as written
 * @param start start of the utterance in the audio, seconds (0 for a whole file)
 * @param end end of the utterance in the audio, seconds ({@link Double#POSITIVE_INFINITY} for a whole file)
 */
public record CorpusEntry(String id, String speaker, Path audio, String file, String source, String text,
        double start, double end) {

    public static CorpusEntry whole(String id, String speaker, Path audio, String file, String source, String text) {
        return new CorpusEntry(id, speaker, audio, file, source, text, 0, Double.POSITIVE_INFINITY);
    }

    public boolean isWholeFile() {
        return start == 0 && end == Double.POSITIVE_INFINITY;
    }
}
