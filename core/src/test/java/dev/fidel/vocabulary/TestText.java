package dev.fidel.vocabulary;

import dev.fidel.event.EventSink;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test corpus (CLDR's Amharic lines) and small vocabularies trained on it. */
public final class TestText {

    private TestText() {
    }

    /** Normalized lines of the test corpus. */
    public static List<String> lines() {
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                TestText.class.getResourceAsStream("am-cldr.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String n = normalizer.normalize(line);
                if (!n.isEmpty()) {
                    lines.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static final String[] ENGLISH = ("the a of to and in is it that for on with as was he she they we you "
            + "have this from by not but what all were when there can an your which their said if do will each about how "
            + "up out them then many some so these would other into has more her two like him see time could no make than "
            + "first been its who now people my made over did down only way find use may water long little very after "
            + "words called just where most know get through back much before go good new write our used me man too any "
            + "day same right look think also around another came come work three word must because does part").split(" ");

    /** Deterministic English-like lines: text without a single Ethiopic letter. */
    static List<String> english(int count) {
        java.util.Random random = new java.util.Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 3 + random.nextInt(9);
            for (int w = 0; w < n; w++) {
                sb.append(w == 0 ? "" : " ").append(ENGLISH[random.nextInt(ENGLISH.length)]);
            }
            lines.add(sb.append(random.nextInt(4) == 0 ? "?" : ".").toString());
        }
        return lines;
    }

    /** Every {@code k}-th line (offset {@code r}): a deterministic split into training and held-out text. */
    static List<String> every(List<String> lines, int k, int r, boolean keep) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if ((i % k == r) == keep) {
                out.add(lines.get(i));
            }
        }
        return out;
    }

    public static Path write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains a vocabulary folder from lines with the train-vocab service. */
    static Path trainVocabulary(Path dir, List<String> lines, TrainerOptions options) throws Exception {
        Path text = write(dir.resolve("train.txt"), lines);
        Path out = dir.resolve("vocabulary");
        new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(List.of(), List.of(text), out, options,
                null, NormalizerProfile.amharic(), false));
        return out;
    }

    /** The Python that has sentencepiece, or null. */
    public static String pythonWithSentencePiece() {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import sentencepiece").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Whether a command is on the PATH. */
    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
