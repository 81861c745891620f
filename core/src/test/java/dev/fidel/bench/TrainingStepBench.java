package dev.fidel.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.model.TtsLoss;
import dev.fidel.training.AdamW;
import dev.fidel.training.ParameterGroups;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.training.TrainingSettings;
import dev.fidel.training.TtsTrainer;
import dev.fidel.util.TorchEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints training throughput of the {@code nano} and {@code small} presets on synthetic batches shaped like
 * the sample corpus (text ~25 tokens, ~75 codes, 16 per batch): ms per optimizer step, code tokens/s,
 * forward-only ms, peak resident memory (VmHWM: JVM and native tensors) and the JVM heap's peak. Each
 * preset runs in a child JVM of its own, so each peak is that preset's alone.
 *
 * <p>{@code scripts/bench TrainingStepBench [PRESETS] [STEPS] [BATCH] [CODES] [GRAD_ACCUM]}, e.g.
 * {@code scripts/bench TrainingStepBench nano,small 10 16 75 1}. On a shared machine prefer
 * {@code FIDEL_THREADS=1} (2 threads on 2 busy cores ran several times slower).
 */
public final class TrainingStepBench {

    public static void main(String[] args) throws Exception {
        String presets = args.length > 0 ? args[0] : "nano,small";
        String[] rest = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[0];
        if (!presets.contains(",")) {
            run(presets, rest);
            return;
        }
        for (String preset : presets.split(",")) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(TrainingStepBench.class.getName());
            command.add(preset);
            command.addAll(List.of(rest));
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                System.exit(exit);
            }
        }
    }

    private static void run(String preset, String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int codeCount = args.length > 2 ? Integer.parseInt(args[2]) : 75;
        int accumulation = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        GptConfig config = SyntheticBatch.preset(preset);
        List<TtsExample> examples = SyntheticBatch.examples(batchSize, codeCount);
        try (NDManager manager = TorchEngine.newManager()) {
            TtsTrainer.seedEngine(1);
            SpeechGpt model = new SpeechGpt(config);
            model.setInitializer(new SeededNormalInitializer(1, 0.02), Parameter.Type.WEIGHT);
            model.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            TtsTrainer trainer = new TtsTrainer(model, ps, new TrainingSettings(1e-4f, 0, List.of(), 0.5f, 1f, 0.01f, 1f, 5, 1,
                    AdamW.Settings.defaults()));
            TtsBatch batch = TtsBatch.of(manager, config, examples, 64);
            List<TtsBatch> micro = java.util.Collections.nCopies(accumulation, batch);
            for (int i = 0; i < 2; i++) {
                trainer.step(micro);
            }
            double millis = 0;
            long tokens = 0;
            long cpuStart = processCpuNanos();
            for (int i = 0; i < steps; i++) {
                TtsTrainer.StepResult r = trainer.step(micro);
                millis += r.millis();
                tokens += r.codeTokens();
            }
            double cpuMillis = (processCpuNanos() - cpuStart) / 1e6 / steps;
            long forwardStart = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                try (NDScope scope = new NDScope()) {
                    model.logits(ps, batch, false)[1].getFloat(0, 0, 0);
                }
            }
            double forwardMillis = (System.nanoTime() - forwardStart) / 1e6 / steps;
            String phases = accumulation == 1 ? phases(model, ps, trainer.optimizer(), batch, steps) : "";
            System.out.println(TorchEngine.kernels());
            System.out.printf("%s (%s, %,d parameters): batch %d x %d codes%s, %s thread(s): %.0f ms/step, %.0f code tokens/s, "
                    + "process CPU %.0f ms/step, forward only %.0f ms; peak resident memory %s, JVM heap peak %d MiB%s%n", preset, config,
                    ParameterGroups.of(model).parameterCount(), batchSize, codeCount,
                    accumulation > 1 ? " x " + accumulation + " accumulated" : "", System.getProperty("ai.djl.pytorch.num_threads", "default"),
                    millis / steps, tokens / (millis / 1000), cpuMillis, forwardMillis, peakResident(), heapPeakMiB(), phases);
        }
    }

    /**
     * Where a step's time goes: {@code steps} more steps taken phase by phase the way {@link TtsTrainer#step} takes
     * them (forward + loss read back, backward, gradient norm, AdamW, zeroing), each phase's mean in ms.
     */
    private static String phases(SpeechGpt model, ParameterStore ps, AdamW optimizer, TtsBatch batch, int steps) {
        double[] sums = new double[5];
        for (int i = 0; i < steps; i++) {
            try (NDScope scope = new NDScope()) {
                long t0 = System.nanoTime();
                long t1;
                long t2;
                try (GradientCollector collector = TorchEngine.engine().newGradientCollector()) {
                    TtsLoss loss = model.loss(ps, batch, true, 0.01f, 1f);
                    loss.total().getFloat();
                    loss.text().getFloat();
                    loss.code().getFloat();
                    t1 = System.nanoTime();
                    collector.backward(loss.total());
                    t2 = System.nanoTime();
                }
                double norm = optimizer.gradientNorm();
                long t3 = System.nanoTime();
                optimizer.update(1e-4f, norm > 1 ? (float) (1 / norm) : 1f);
                long t4 = System.nanoTime();
                optimizer.zeroGradients();
                long t5 = System.nanoTime();
                long[] marks = {t0, t1, t2, t3, t4, t5};
                for (int p = 0; p < 5; p++) {
                    sums[p] += (marks[p + 1] - marks[p]) / 1e6;
                }
            }
        }
        return String.format("; phases: forward+loss %.0f ms, backward %.0f ms, gradient norm %.0f ms, AdamW %.0f ms, "
                + "zero %.0f ms", sums[0] / steps, sums[1] / steps, sums[2] / steps, sums[3] / steps, sums[4] / steps);
    }

    /** CPU time of this process, all threads (the engine's, the JIT's, the collector's). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** VmHWM from /proc (native tensors included), or "unknown" off Linux. */
    static String peakResident() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long heapPeakMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
