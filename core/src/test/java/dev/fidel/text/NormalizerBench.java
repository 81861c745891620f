package dev.fidel.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints the normalizer's throughput over a text file (one text per line; a TSV's last column) and
 * the lines whose reading differs from what was written, so a person can look them over.
 *
 * <p>Run (after {@code mvn -B -o -pl core test-compile} and
 * {@code mvn -B -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}):
 * {@code java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) dev.fidel.text.NormalizerBench FILE [SHOW]},
 * e.g. with FILE the shared {@code data/amharic-text/am_corpus.tsv}.
 */
public final class NormalizerBench {

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
                .map(line -> line.substring(line.lastIndexOf('\t') + 1))
                .collect(Collectors.toList());
        int show = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        for (int warm = 0; warm < 3; warm++) {
            lines.forEach(normalizer::normalize);
        }
        long chars = lines.stream().mapToLong(String::length).sum();
        long start = System.nanoTime();
        int rounds = 5;
        for (int r = 0; r < rounds; r++) {
            lines.forEach(normalizer::normalize);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d lines, %d chars: %.0f lines/s, %.1f MB chars/s%n", lines.size(), chars,
                lines.size() * rounds / seconds, chars * rounds / seconds / 1e6);
        int shown = 0;
        for (String line : lines) {
            String spoken = normalizer.normalize(line);
            if (!spoken.equals(line.strip()) && shown++ < show) {
                System.out.println(line + "\n  -> " + spoken);
            }
        }
    }
}
