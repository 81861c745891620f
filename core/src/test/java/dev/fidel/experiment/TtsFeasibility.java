package dev.fidel.experiment;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.model.CodeGenerator;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.model.TtsLoss;
import dev.fidel.training.AdamW;
import dev.fidel.training.LengthBuckets;
import dev.fidel.training.ParameterGroups;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.training.TrainingSettings;
import dev.fidel.training.TtsTrainer;
import dev.fidel.util.Json;
import dev.fidel.util.TorchEngine;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * The feasibility experiment for issue 4: can a nano {@link SpeechGpt} trained in Java/DJL on 2 CPU
 * cores learn a small espeak-ng Amharic corpus? Encodes the corpus with a {@link VqMelCodec}, holds out
 * ~5% of the sentences, trains for a wall-clock budget, logs train/validation code cross-entropy,
 * tokens/s and ms/step, then generates codes greedily (key/value cache) for unseen sentences and writes generated,
 * codec-only and real mels for the recognizer helper to score.
 *
 * <p>Run (from the worktree root, after {@code mvn -o -pl core test-compile}):
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/model-cp.txt) \
 *   -Dai.djl.offline=true -DDJL_CACHE_DIR=$HOME/.djl.ai -Dai.djl.pytorch.num_threads=1 \
 *   dev.fidel.experiment.TtsFeasibility /work/data-exp /work/exp-out [minutes] [maxSteps]
 * </pre>
 * Arguments: data folder, output folder, training minutes, max optimizer steps, learning rate, sentences to generate.
 */
public final class TtsFeasibility {

    record Utterance(String id, String voice, String text, float[][] mel) {
    }

    static final long SEED = 20261122L;
    static final int REFERENCE_FRAMES = 64;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "/work/data-exp");
        Path out = Path.of(args.length > 1 ? args[1] : "/work/exp-out");
        double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        int maxSteps = args.length > 3 ? Integer.parseInt(args[3]) : 2400;
        float learningRate = args.length > 4 ? Float.parseFloat(args[4]) : 1e-3f;
        int generateSentences = args.length > 5 ? Integer.parseInt(args[5]) : 40;
        Files.createDirectories(out);
        Path log = out.resolve("tts-train/metrics.jsonl");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);

        long t0 = System.nanoTime();
        List<Utterance> corpus = loadCorpus(data, out.resolve("cache"));
        say("corpus: %d utterances, %.1f s of mel (%.1f s to load)", corpus.size(),
                corpus.stream().mapToInt(u -> u.mel().length).sum() / MelConfig.defaults().framesPerSecond(),
                (System.nanoTime() - t0) / 1e9);

        // Hold out ~5% of the sentences (all texts are distinct) as unseen validation texts.
        List<Utterance> shuffled = new ArrayList<>(corpus);
        Collections.shuffle(shuffled, new Random(SEED));
        int validationCount = Math.round(corpus.size() * 0.05f);
        List<Utterance> validation = List.copyOf(shuffled.subList(0, validationCount));
        List<Utterance> training = List.copyOf(shuffled.subList(validationCount, shuffled.size()));

        long tc = System.nanoTime();
        VqMelCodec codec = VqMelCodec.learn(training.stream().map(Utterance::mel).toList(), VqMelCodec.Settings.defaults());
        codec.save(out.resolve("codec.vq"));
        say("codec: K=%d, %d frames/code, learned in %.1f s, sha256 %s; reconstruction MSE (log-mel) train %.4f, validation %.4f",
                codec.codebookSize(), codec.framesPerCode(), (System.nanoTime() - tc) / 1e9, codec.sha256().substring(0, 12),
                codec.reconstructionError(training.subList(0, 400).stream().map(Utterance::mel).toList()),
                codec.reconstructionError(validation.stream().map(Utterance::mel).toList()));

        // Character vocabulary from the training texts; id 0 is "unknown" for characters only seen in validation.
        TreeSet<Integer> chars = new TreeSet<>();
        training.forEach(u -> u.text().codePoints().forEach(chars::add));
        Map<Integer, Integer> charIds = new HashMap<>();
        for (int c : chars) {
            charIds.put(c, charIds.size() + 1);
        }
        int vocabularySize = charIds.size() + 1;
        say("text: %d characters (+1 unknown)", charIds.size());

        Map<String, List<float[][]>> referencesByVoice = new LinkedHashMap<>();
        for (Utterance u : training) {
            referencesByVoice.computeIfAbsent(u.voice(), v -> new ArrayList<>()).add(codec.normalize(u.mel()));
        }
        List<TtsExample> trainExamples = examples(training, codec, charIds, referencesByVoice, new Random(SEED + 1));
        List<TtsExample> validationExamples = examples(validation, codec, charIds, referencesByVoice, new Random(SEED + 2));
        Map<String, String> voiceOf = new HashMap<>();
        corpus.forEach(u -> voiceOf.put(u.id(), u.voice()));

        GptConfig config = GptConfig.nano(vocabularySize, codec.codebookSize());
        int batchFrames = 2400;
        TrainingSettings settings = new TrainingSettings(learningRate, Math.max(10, maxSteps / 14),
                List.of((int) (maxSteps * 0.7), (int) (maxSteps * 0.9)), 0.5f, 1f, 0.01f, 1f, 20,
                SEED, AdamW.Settings.defaults());
        LengthBuckets<TtsExample> buckets = new LengthBuckets<>(trainExamples,
                e -> (e.codes().length + 2) * codec.framesPerCode(), batchFrames);
        LengthBuckets<TtsExample> validationBuckets = new LengthBuckets<>(validationExamples,
                e -> (e.codes().length + 2) * codec.framesPerCode(), batchFrames);
        say("training: %d examples in %d batches (%d too long), validation: %d examples; settings %s",
                trainExamples.size(), buckets.batches().size(), buckets.tooLong(), validationExamples.size(), settings);

        try (NDManager manager = TorchEngine.newManager()) {
            TtsTrainer.seedEngine(SEED);
            SpeechGpt model = new SpeechGpt(config);
            model.setInitializer(new SeededNormalInitializer(SEED, 0.02), Parameter.Type.WEIGHT);
            model.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            ParameterGroups groups = ParameterGroups.of(model);
            say("model %s: %,d parameters (%d decayed matrices, %d not decayed)", config, groups.parameterCount(),
                    groups.decayed().size(), groups.notDecayed().size());
            TtsTrainer trainer = new TtsTrainer(model, ps, settings);
            Random referenceRandom = new Random(SEED + 3);

            long trainStart = System.nanoTime();
            double budgetNanos = minutes * 60e9;
            long tokens = 0;
            double millis = 0;
            double codeSum = 0;
            int codeCount = 0;
            int epoch = 0;
            validate(model, ps, manager, config, validationBuckets, log, 0, 0, 0);
            outer:
            while (true) {
                for (List<TtsExample> examples : buckets.epoch(SEED, epoch)) {
                    if (trainer.optimizerSteps() >= maxSteps || System.nanoTime() - trainStart > budgetNanos) {
                        break outer;
                    }
                    List<TtsExample> withFreshReferences = new ArrayList<>();
                    for (TtsExample e : examples) {
                        List<float[][]> refs = referencesByVoice.get(voiceOf.get(e.id()));
                        withFreshReferences.add(new TtsExample(e.id(), refs.get(referenceRandom.nextInt(refs.size())),
                                e.text(), e.codes()));
                    }
                    TtsTrainer.StepResult r;
                    try (NDScope scope = new NDScope()) {
                        TtsBatch batch = TtsBatch.of(manager, config, withFreshReferences, REFERENCE_FRAMES);
                        r = trainer.step(batch);
                    }
                    tokens += r.codeTokens();
                    millis += r.millis();
                    codeSum += r.codeLoss();
                    codeCount++;
                    int done = trainer.optimizerSteps();
                    if (done % 50 == 0) {
                        double elapsed = (System.nanoTime() - trainStart) / 1e9;
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("kind", "train");
                        line.put("step", done);
                        line.put("epoch", epoch);
                        line.put("seconds", Math.round(elapsed));
                        line.put("trainCodeCe", codeSum / codeCount);
                        line.put("textCe", r.textLoss());
                        line.put("learningRate", r.learningRate());
                        line.put("codeTokensPerSecond", tokens / (millis / 1000));
                        line.put("msPerStep", millis / codeCount);
                        line.put("skipped", trainer.skippedSteps());
                        append(log, line);
                        say("step %d ep %d %.0fs: train code CE %.3f text CE %.3f lr %.2e | %.0f code tokens/s, %.0f ms/step, skipped %d",
                                done, epoch, elapsed, codeSum / codeCount, r.textLoss(), r.learningRate(),
                                tokens / (millis / 1000), millis / codeCount, trainer.skippedSteps());
                        tokens = 0;
                        millis = 0;
                        codeSum = 0;
                        codeCount = 0;
                    }
                    if (done % 300 == 0) {
                        validate(model, ps, manager, config, validationBuckets, log, done, epoch,
                                (System.nanoTime() - trainStart) / 1e9);
                    }
                }
                epoch++;
            }
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            say("training stopped after %d optimizer steps, %d epochs, %.1f min", trainer.optimizerSteps(), epoch,
                    trainSeconds / 60);
            validate(model, ps, manager, config, validationBuckets, log, trainer.optimizerSteps(), epoch, trainSeconds);

            generate(model, ps, manager, config, codec, validation, validationExamples, referencesByVoice, out, log,
                    generateSentences);
        }
    }

    static void validate(SpeechGpt model, ParameterStore ps, NDManager manager, GptConfig config,
            LengthBuckets<TtsExample> buckets, Path log, int step, int epoch, double seconds) throws IOException {
        double codeSum = 0;
        double textSum = 0;
        long codeTokens = 0;
        long batches = 0;
        for (List<TtsExample> examples : buckets.batches()) {
            try (NDScope scope = new NDScope()) {
                TtsBatch batch = TtsBatch.of(manager, config, examples, REFERENCE_FRAMES);
                TtsLoss loss = model.loss(ps, batch, false, 0.01f, 1f);
                codeSum += loss.code().getFloat() * batch.codeTokens();
                textSum += loss.text().getFloat();
                codeTokens += batch.codeTokens();
                batches++;
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "validation");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("seconds", Math.round(seconds));
        line.put("validationCodeCe", codeSum / codeTokens);
        line.put("validationTextCe", textSum / batches);
        append(log, line);
        say("VALIDATION step %d: code CE %.3f, text CE %.3f", step, codeSum / codeTokens, textSum / batches);
    }

    static void generate(SpeechGpt model, ParameterStore ps, NDManager manager, GptConfig config, VqMelCodec codec,
            List<Utterance> validation, List<TtsExample> validationExamples, Map<String, List<float[][]>> references,
            Path out, Path log, int sentences) throws IOException {
        int count = Math.min(sentences, validation.size());
        if (count == 0) {
            return;
        }
        CodeGenerator generator = new CodeGenerator(model, ps);
        StringBuilder ttsIndex = new StringBuilder("id\ttext\tframes\n");
        StringBuilder codecIndex = new StringBuilder("id\ttext\tframes\n");
        StringBuilder realIndex = new StringBuilder("id\ttext\tframes\n");
        double ratioSum = 0;
        List<Double> ratios = new ArrayList<>();
        int stopped = 0;
        long genStart = System.nanoTime();
        long generatedCodes = 0;
        for (int i = 0; i < count; i++) {
            Utterance u = validation.get(i);
            TtsExample e = validationExamples.get(i);
            // The speaker reference: a fixed training utterance of the same voice.
            float[][] reference = references.get(u.voice()).get(0);
            // A cap from the text alone (the corpus has ~3.7 codes per character), never from the real audio.
            int maxCodes = Math.min(config.maxCodeTokens(), 8 * e.text().length + 20);
            CodeGenerator.Result result = generator.greedy(manager, reference, REFERENCE_FRAMES, e.text(), maxCodes);
            boolean sawStop = result.stopped();
            int[] generated = result.codes();
            stopped += sawStop ? 1 : 0;
            generatedCodes += generated.length;
            float[][] mel = codec.decode(generated);
            float[][] codecMel = Arrays.copyOf(codec.decode(codec.encode(u.mel())), u.mel().length);
            writeMel(out.resolve("tts/" + u.id() + ".mel"), mel);
            writeMel(out.resolve("codec/" + u.id() + ".mel"), codecMel);
            writeMel(out.resolve("real/" + u.id() + ".mel"), u.mel());
            ttsIndex.append(u.id()).append('\t').append(u.text()).append('\t').append(mel.length).append('\n');
            codecIndex.append(u.id()).append('\t').append(u.text()).append('\t').append(codecMel.length).append('\n');
            realIndex.append(u.id()).append('\t').append(u.text()).append('\t').append(u.mel().length).append('\n');
            double ratio = (double) generated.length / e.codes().length;
            ratios.add(ratio);
            ratioSum += ratio;
            say("generated %s (%s, %d chars): %d codes vs real %d (ratio %.2f)%s", u.id(), u.voice(),
                    u.text().length(), generated.length, e.codes().length, ratio, sawStop ? "" : " NO STOP");
        }
        Files.writeString(out.resolve("tts/index.tsv"), ttsIndex);
        Files.writeString(out.resolve("codec/index.tsv"), codecIndex);
        Files.writeString(out.resolve("real/index.tsv"), realIndex);
        Collections.sort(ratios);
        double seconds = (System.nanoTime() - genStart) / 1e9;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "generation");
        line.put("sentences", count);
        line.put("stoppedByStopToken", stopped);
        line.put("meanLengthRatio", ratioSum / count);
        line.put("medianLengthRatio", ratios.get(count / 2));
        line.put("codesPerSecondGenerated", generatedCodes / seconds);
        line.put("seconds", seconds);
        append(log, line);
        say("generation: %d sentences, %d ended by the stop token, length ratio generated/real mean %.3f median %.3f, "
                + "%.1f codes/s (greedy, key/value cache), %.1f s", count, stopped, ratioSum / count, ratios.get(count / 2),
                generatedCodes / seconds, seconds);
    }

    static List<TtsExample> examples(List<Utterance> utterances, VqMelCodec codec, Map<Integer, Integer> charIds,
            Map<String, List<float[][]>> references, Random random) {
        List<TtsExample> out = new ArrayList<>();
        for (Utterance u : utterances) {
            int[] text = u.text().codePoints().map(c -> charIds.getOrDefault(c, 0)).toArray();
            List<float[][]> refs = references.get(u.voice());
            out.add(new TtsExample(u.id(), refs.get(random.nextInt(refs.size())), text, codec.encode(u.mel())));
        }
        return out;
    }

    /** float32 little-endian, {@code [frames][mels]} row-major. */
    static void writeMel(Path file, float[][] mel) throws IOException {
        Files.createDirectories(file.getParent());
        ByteBuffer buf = ByteBuffer.allocate(4 * mel.length * mel[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] frame : mel) {
            for (float v : frame) {
                buf.putFloat(v);
            }
        }
        Files.write(file, buf.array());
    }

    static List<Utterance> loadCorpus(Path data, Path cacheDir) throws IOException {
        List<String[]> rows = Files.readAllLines(data.resolve("metadata.tsv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split("\t", 4)).toList();
        Path cache = cacheDir.resolve("mels.bin");
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int n = in.readInt();
                if (n == rows.size()) {
                    List<Utterance> out = new ArrayList<>();
                    for (String[] row : rows) {
                        int frames = in.readInt();
                        int mels = in.readInt();
                        float[][] mel = new float[frames][mels];
                        for (float[] f : mel) {
                            for (int m = 0; m < mels; m++) {
                                f[m] = in.readFloat();
                            }
                        }
                        out.add(new Utterance(row[0], row[1], row[3], mel));
                    }
                    return out;
                }
            }
        }
        MelSpectrogram spectrogram = new MelSpectrogram(MelConfig.defaults());
        float[][][] mels = new float[rows.size()][][];
        IntStream.range(0, rows.size()).parallel().forEach(i -> {
            try {
                mels[i] = spectrogram.compute(readWav(data.resolve(rows.get(i)[2])));
            } catch (Exception e) {
                throw new IllegalStateException(rows.get(i)[2] + ": " + e.getMessage(), e);
            }
        });
        Files.createDirectories(cacheDir);
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            o.writeInt(rows.size());
            for (float[][] mel : mels) {
                o.writeInt(mel.length);
                o.writeInt(mel[0].length);
                for (float[] f : mel) {
                    for (float v : f) {
                        o.writeFloat(v);
                    }
                }
            }
        }
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(new Utterance(rows.get(i)[0], rows.get(i)[1], rows.get(i)[3], mels[i]));
        }
        return out;
    }

    static float[] readWav(Path file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            if (in.getFormat().getSampleSizeInBits() != 16 || in.getFormat().getChannels() != 1
                    || in.getFormat().getSampleRate() != 22050f) {
                throw new IllegalArgumentException("expected 16-bit mono 22,050 Hz, got " + in.getFormat());
            }
            byte[] bytes = in.readAllBytes();
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(in.getFormat().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = buf.getShort() / 32768f;
            }
            return samples;
        }
    }

    static void append(Path log, Map<String, Object> line) throws IOException {
        Files.writeString(log, Json.line(line) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void say(String format, Object... args) {
        System.out.printf("%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
        System.out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
