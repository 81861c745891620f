package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fidel.text.NormalizerProfile.Flag;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the normalizer's output, byte for byte: the SHA-256 of the readings of every line of the bundled texts and of
 * a seeded mix of the profile's own keys, digits, separators, numerals and noise. A refactoring must leave each hash
 * as it is; a change to the rules (the profile or the code) changes one on purpose, and the new hash is then pinned
 * here with the reason in the commit.
 */
class NormalizerOutputPinTest {

    private static final NormalizerProfile PROFILE = NormalizerProfile.amharic();
    private static final AmharicNormalizer NORMALIZER = new AmharicNormalizer(PROFILE);
    private static final AmharicNormalizer FOLDING = new AmharicNormalizer(PROFILE.with(Flag.FOLD_HOMOPHONES, true)
            .with(Flag.EXPAND_CONTRACTIONS, true));
    private static final AmharicNormalizer PLAIN = new AmharicNormalizer(PROFILE.with(Flag.EXPAND_ABBREVIATIONS, false)
            .with(Flag.READ_ETHIOPIC_NUMERALS, false));

    private static final Path SAMPLE = Path.of("..", "sample-project", "corpus", "validated.tsv");
    private static final Path RECIPE = Path.of("..", "sample-project", "recipe", "normalization_lines.tsv");
    private static final Path CLDR = Path.of("src", "test", "resources", "dev", "fidel", "vocabulary", "am-cldr.txt");
    /** The shared text corpus of this workplace (~24,800 lines); not in the repository, so that check skips elsewhere. */
    private static final Path SHARED = Path.of("/work/shared/data/amharic-text/am_corpus.tsv");

    @Test
    void sampleCorpusReadsAsBefore() throws IOException {
        pin(cells(SAMPLE), 
                "6fe35ed3038d542be6c0ae49b1b2e54ceccee4c7e1f42b5793b1aefc743c14e6",
                "a35704ebcb4c42b8318ac0f19ee8bbc82c1edb537a4bd0124f8091737d3c2f3f");
    }

    @Test
    void recipeLinesReadAsBefore() throws IOException {
        pin(cells(RECIPE), 
                "a9300c2c66a668ccac478b6f9fee67329529eb82f7cd1c34c355de4ba5a29453",
                "5ab4667bc84f386c82cca1255c37af591a6e88b91d670208e3114c2d5ce974b3");
    }

    @Test
    void cldrTextReadsAsBefore() throws IOException {
        pin(Files.readAllLines(CLDR, StandardCharsets.UTF_8), 
                "72d5165af2164b11b38e0a0fa537ed4c2e93e303e87fdf07569ee56bbd264298",
                "0ef87c5dba78090e468e6a3baf74a60596c20d5eb250dd310234449ecdd99d39");
    }

    @Test
    void generatedMixturesReadAsBefore() {
        pin(mixtures(20_000), 
                "db29176efcfd551a19bc78dd9d4c8440473779e7fd8bca2ecc5856cf74e05368",
                "2abdff07cbf0790a10eb883c0ae34909e643ec5bc0b9b5d40f6ff0a874c798b9");
    }

    @Test
    void sharedCorpusReadsAsBefore() throws IOException {
        assumeTrue(Files.isRegularFile(SHARED), SHARED + " is absent (it is not part of the repository): skipped");
        List<String> texts = Files.readAllLines(SHARED, StandardCharsets.UTF_8).stream()
                .map(line -> line.substring(line.indexOf('\t') + 1)).toList();
        pin(texts, 
                "522fb24d2f9758f808557eb09e6fcc7e9b63ba2e82851731ab764689693529d3",
                "7a7ea9b5c451b7bdeb26412b61c095bbdc1a693a7eaf7cfdcdaebbf643901fb4");
    }

    /** Asserts the hash of the inputs (so a changed file is told apart from a changed reading) and of the three readings. */
    private static void pin(List<String> texts, String inputs, String readings) {
        String in = Sha256.of(String.join("\n", texts));
        StringBuilder out = new StringBuilder();
        for (String t : texts) {
            out.append(NORMALIZER.normalize(t)).append('\n').append(FOLDING.normalize(t)).append('\n')
                    .append(PLAIN.normalize(t)).append('\n');
        }
        String read = Sha256.of(out.toString());
        System.out.println(texts.size() + " texts, inputs " + in + ", readings " + read);
        assertEquals(inputs, in, "the pinned input texts changed: pin their new hash (and the readings') deliberately");
        assertEquals(readings, read, "the normalizer reads " + texts.size() + " texts differently from before");
    }

    /** Every cell of a TSV file but the header, one text each. */
    private static List<String> cells(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        return lines.stream().skip(1).flatMap(l -> Stream.of(l.split("\t", -1))).toList();
    }

    /**
     * Texts assembled from pieces that reach every reading: the profile's keys (abbreviations, contractions, units,
     * currencies, punctuation, prefixes), digit runs and separators, Ethiopic numerals and letters of every order,
     * Latin words, signs, spaces of several kinds, a lone surrogate and format characters. java.util.Random's sequence
     * is fixed by its specification, so the texts are the same on every JVM.
     */
    static List<String> mixtures(int count) {
        List<String> pieces = new ArrayList<>();
        pieces.addAll(new TreeSet<>(PROFILE.abbreviations().keySet()));
        pieces.addAll(new TreeSet<>(PROFILE.contractions().keySet()));
        pieces.addAll(new TreeSet<>(PROFILE.units().keySet()));
        pieces.addAll(new TreeSet<>(PROFILE.currencies().keySet()));
        pieces.addAll(new TreeSet<>(PROFILE.punctuation().keySet()));
        pieces.addAll(new TreeSet<>(PROFILE.attachedPrefixes()));
        pieces.addAll(List.of("0", "1", "7", "12", "015", "100", "2015", "1,000", "3.14", "1995", "123456789012345678",
                "22-11-2015", "0911-23-45-67", "3/4", "1/2", "2015/16", "3:30", "1.2.3", "5-10", "ኛ", "ኛው", "+251", "-", "\u2212",
                "+", ",", ".", "/", ":", "-", "%", "$", "፲፱፻፺፭", "፻", "፼", "፻፼", "፩", "፶", "፼፼፼፼፼", "ሰላም", "ቤቱ", "ም/ቤቱ",
                "ገ/ማርያም", "በዶ/ር", "የ'ኔ", "ሐ", "ኀ", "ሠ", "ዐ", "ፀ", "ቈ", "ሀ.ለ", "ሰላም:እንዴት", "COVID", "abc", "Birr", "km",
                " ", "  ", "\t", "\u00A0", "\u2003", "\n", "\u200D", "\uFEFF", "\u00AD", "\u2019", "\u02BC", "\uD800", "😀",
                "\u0661\u0662", "\u0967", "e\u0301", "።", "፣", "፤", "፡", "!", "?", "(", ")", "\"", "'", "&"));
        for (int c = 0x1200; c < 0x1380; c += 7) {
            pieces.add(Character.toString(c));
        }
        Random random = new Random(20261206);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = 1 + random.nextInt(12);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append(pieces.get(random.nextInt(pieces.size())));
                if (random.nextInt(3) == 0) {
                    b.append(' ');
                }
            }
            texts.add(b.toString());
        }
        return texts;
    }
}
