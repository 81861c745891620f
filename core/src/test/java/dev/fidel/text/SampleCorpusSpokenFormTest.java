package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample corpus was spoken from a {@code spoken} column (espeak-ng reads words, not digits or
 * abbreviations). If the normalizer reads a transcript differently from what was spoken, the model
 * learns text that does not match its audio: this guards the two against drifting apart.
 */
class SampleCorpusSpokenFormTest {

    private static final Path TABLE = Path.of("..", "sample-project", "corpus", "validated.tsv");

    @Test
    void everyTranscriptNormalizesToWhatWasSpoken() throws IOException {
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        List<String> lines = Files.readAllLines(TABLE, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t"));
        int sentence = header.indexOf("sentence");
        int spoken = header.indexOf("spoken");
        assertTrue(sentence >= 0 && spoken >= 0, TABLE + " lacks the sentence or spoken column: " + header);
        List<String> differ = new ArrayList<>();
        int numbersOrAbbreviations = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t", -1);
            if (!cells[sentence].equals(cells[spoken])) {
                numbersOrAbbreviations++;
            }
            String read = wordsOnly(normalizer.normalize(cells[sentence]));
            String said = wordsOnly(normalizer.normalize(cells[spoken]));
            if (!read.equals(said)) {
                differ.add(TABLE + ":" + (i + 1) + " \"" + cells[sentence] + "\" reads \"" + read + "\" but was spoken \"" + said + "\"");
            }
        }
        assertTrue(numbersOrAbbreviations > 50, "the corpus should exercise normalization, found " + numbersOrAbbreviations);
        assertEquals(List.of(), differ);
    }

    /** Punctuation is not spoken: compare the words. */
    private static String wordsOnly(String text) {
        return text.replaceAll("[\\p{P}\\u1361-\\u1368]", " ").replaceAll("\\s+", " ").strip();
    }
}
