package dev.fidel.bench;

import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocabulary.BpeTrainer;
import dev.fidel.vocabulary.Piece;
import dev.fidel.vocabulary.SentencePieceModel;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocabulary.VocabularyTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Vocabulary benchmark: training time of Fidel's BPE trainer next to {@code spm_train}, and encode
 * throughput of {@link Vocabulary#encode} next to {@code spm_encode}, on the same text. Prints figures.
 *
 * <pre>
 * mvn -o -q -pl core test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -Dai.djl.offline=true -cp core/target/test-classes:core/target/classes:$(cat core/target/cp.txt) \
 *     dev.fidel.bench.VocabularyBench /work/shared/data/amharic-text/am_corpus.tsv 8000
 * </pre>
 * Arguments: a text file (a {@code .tsv} is read from its second column), the vocabulary size.
 */
public final class VocabularyBench {

    private VocabularyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "/work/shared/data/amharic-text/am_corpus.tsv");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : TrainerOptions.DEFAULT_VOCAB_SIZE;
        Path dir = Files.createTempDirectory("fidel-vocab-bench");
        List<String> lines = new ArrayList<>();
        dev.fidel.text.AmharicNormalizer normalizer = new dev.fidel.text.AmharicNormalizer(NormalizerProfile.amharic());
        for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            String text = corpus.toString().endsWith(".tsv") ? line.substring(line.indexOf('\t') + 1) : line;
            String n = normalizer.normalize(text);
            if (!n.isEmpty()) {
                lines.add(n);
            }
        }
        Path textFile = dir.resolve("text.txt");
        Files.write(textFile, lines, StandardCharsets.UTF_8);
        long chars = lines.stream().mapToLong(String::length).sum();
        System.out.printf(Locale.ROOT, "corpus %s: %d lines, %d characters; vocabulary size %d; %d cores%n", corpus,
                lines.size(), chars, size, Runtime.getRuntime().availableProcessors());

        // Training, with options spm_train can express (no required characters)
        TrainerOptions options = new TrainerOptions(size, 0.9999, "", true, List.of(), 16);
        double[] ours = new double[3];
        List<Piece> pieces = null;
        for (int i = 0; i < ours.length; i++) {
            long t = System.nanoTime();
            pieces = new BpeTrainer(options, EventSink.NONE).train(lines).pieces();
            ours[i] = (System.nanoTime() - t) / 1e9;
        }
        System.out.printf(Locale.ROOT, "train  fidel BpeTrainer: %.2f s (runs: %.2f %.2f %.2f; first includes JIT warm-up)%n",
                min(ours), ours[0], ours[1], ours[2]);
        double[] spm = new double[3];
        boolean haveSpm = onPath("spm_train");
        if (haveSpm) {
            for (int i = 0; i < spm.length; i++) {
                long t = System.nanoTime();
                run(dir, "spm_train", "--input=" + textFile, "--model_prefix=ref", "--model_type=bpe", "--vocab_size=" + size,
                        "--character_coverage=0.9999", "--byte_fallback=true", "--normalization_rule_name=identity",
                        "--add_dummy_prefix=true", "--remove_extra_whitespaces=false", "--num_threads=1");
                spm[i] = (System.nanoTime() - t) / 1e9;
            }
            System.out.printf(Locale.ROOT, "train  spm_train 0.1.97:  %.2f s (runs: %.2f %.2f %.2f; process wall time)%n",
                    min(spm), spm[0], spm[1], spm[2]);
            List<Piece> ref = SentencePieceModel.read(dir.resolve("ref.model")).pieces();
            Set<String> ourSet = new HashSet<>();
            pieces.forEach(p -> ourSet.add(p.text()));
            int common = 0;
            int sameId = 0;
            for (int i = 0; i < ref.size(); i++) {
                common += ourSet.contains(ref.get(i).text()) ? 1 : 0;
                sameId += i < pieces.size() && pieces.get(i).text().equals(ref.get(i).text()) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "pieces: ours %d, spm_train %d; inventory overlap %d (%.4f); same piece at same id %d%n",
                    pieces.size(), ref.size(), common, (double) common / ref.size(), sameId);
            int sameSegmentation = 0;
            try (ai.djl.sentencepiece.SpTokenizer a = new ai.djl.sentencepiece.SpTokenizer(
                    SentencePieceModel.ofTrained(pieces, options).toBytes());
                    ai.djl.sentencepiece.SpTokenizer b = new ai.djl.sentencepiece.SpTokenizer(dir.resolve("ref.model"))) {
                for (String line : lines) {
                    sameSegmentation += a.tokenize(line).equals(b.tokenize(line)) ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "segmentation: our model and spm_train's segment %d/%d lines identically (%.4f)%n",
                    sameSegmentation, lines.size(), (double) sameSegmentation / lines.size());
        } else {
            System.out.println("train  spm_train: not installed, skipped");
        }

        // Encoding
        Path vocabDir = dir.resolve("vocabulary");
        new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(List.of(), List.of(textFile), vocabDir,
                options, null, NormalizerProfile.amharic(), false));
        try (Vocabulary vocabulary = Vocabulary.load(vocabDir)) {
            long tokens = 0;
            for (int round = 0; round < 2; round++) { // warm-up
                for (String line : lines) {
                    tokens += vocabulary.encode(line).length;
                }
            }
            int rounds = 5;
            long t = System.nanoTime();
            tokens = 0;
            for (int round = 0; round < rounds; round++) {
                for (String line : lines) {
                    tokens += vocabulary.encode(line).length;
                }
            }
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "encode fidel Vocabulary.encode (normalize + DJL JNI), one thread: %.0f sentences/s,"
                    + " %.0f tokens/s (%d x %d lines in %.2f s)%n", rounds * lines.size() / s, tokens / s, rounds,
                    lines.size(), s);
            if (onPath("spm_encode")) {
                double best = Double.MAX_VALUE;
                Path model = vocabDir.resolve("vocabulary.model");
                Path big = dir.resolve("text5.txt");
                List<String> five = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    five.addAll(lines);
                }
                Files.write(big, five, StandardCharsets.UTF_8);
                for (int i = 0; i < 3; i++) {
                    long t2 = System.nanoTime();
                    run(dir, "sh", "-c", "spm_encode --model=" + model + " --output_format=id < " + big + " > ids.txt");
                    best = Math.min(best, (System.nanoTime() - t2) / 1e9);
                }
                System.out.printf(Locale.ROOT, "encode spm_encode 0.1.97 (process, same %d lines): %.0f sentences/s (%.2f s)%n",
                        five.size(), five.size() / best, best);
                List<String> spmIds = Files.readAllLines(dir.resolve("ids.txt"));
                int same = 0;
                for (int i = 0; i < lines.size(); i++) {
                    String ours2 = java.util.Arrays.stream(vocabulary.encode(lines.get(i))).mapToObj(String::valueOf)
                            .reduce((a, b) -> a + " " + b).orElse("");
                    same += ours2.equals(spmIds.get(i)) ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "ids: Vocabulary.encode == spm_encode on %d/%d lines%n", same, lines.size());
            }
        }
    }

    private static double min(double[] a) {
        return java.util.Arrays.stream(a).min().orElse(0);
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed, see " + dir.resolve("log.txt"));
        }
    }
}
