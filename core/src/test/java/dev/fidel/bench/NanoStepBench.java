package dev.fidel.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.training.AdamW;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.training.TrainingSettings;
import dev.fidel.training.TtsTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints training throughput of a {@link SpeechGpt} preset on synthetic batches shaped like the sample
 * corpus (text ~25 tokens, ~75 codes, 16 per batch): ms/step, code tokens/s, forward-only ms, peak resident memory.
 * Run with {@code -Dai.djl.pytorch.num_threads=1} on a shared machine (2 threads on 2 busy cores ran 6x slower).
 * Arguments: preset (nano|small), steps, batch size, codes per example.
 */
public final class NanoStepBench {

    /** VmHWM from /proc (native tensors included), or "unknown" off Linux. */
    static String peakResident() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "nano";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int codeCount = args.length > 3 ? Integer.parseInt(args[3]) : 75;
        GptConfig config = preset.equals("small") ? GptConfig.small(241, 256) : GptConfig.nano(241, 256);
        Random random = new Random(1);
        List<TtsExample> examples = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            float[][] reference = new float[64][80];
            examples.add(new TtsExample("b" + i, reference, random.ints(25, 0, 241).toArray(),
                    random.ints(codeCount, 0, 256).toArray()));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            TtsTrainer.seedEngine(1);
            SpeechGpt model = new SpeechGpt(config);
            model.setInitializer(new SeededNormalInitializer(1, 0.02), Parameter.Type.WEIGHT);
            model.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            TtsTrainer trainer = new TtsTrainer(model, ps, new TrainingSettings(1e-4f, 0, List.of(), 0.5f, steps,
                    1 << 20, 1f, 0.01f, 1f, 5, 1, AdamW.Settings.defaults()));
            TtsBatch batch = TtsBatch.of(manager, config, examples, 64);
            for (int i = 0; i < 2; i++) {
                trainer.step(batch);
            }
            double millis = 0;
            for (int i = 0; i < steps; i++) {
                millis += trainer.step(batch).millis();
            }
            long forwardStart = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                try (NDScope scope = new NDScope()) {
                    model.logits(ps, batch, false)[1].getFloat(0, 0, 0);
                }
            }
            double forwardMillis = (System.nanoTime() - forwardStart) / 1e6 / steps;
            System.out.printf("%s (%s): batch %d x %d codes: %.0f ms/step, %.0f code tokens/s, forward only %.0f ms, "
                    + "peak resident memory %s%n", preset, config, batchSize, codeCount, millis / steps,
                    batch.codeTokens() / (millis / steps / 1000), forwardMillis, peakResident());
        }
    }
}
