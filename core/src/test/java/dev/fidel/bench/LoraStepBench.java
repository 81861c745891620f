package dev.fidel.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.model.GptConfig;
import dev.fidel.model.LoraAdapters;
import dev.fidel.model.LoraSettings;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.model.TtsExample;
import dev.fidel.training.AdamW;
import dev.fidel.training.ParameterGroups;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.training.TrainingSettings;
import dev.fidel.training.TtsTrainer;
import dev.fidel.util.TorchEngine;
import java.util.List;

/**
 * Prints the step time of {@code mode full} against {@code mode lora} on the same preset and synthetic batch
 * (as {@link TrainingStepBench}), the steps of the two interleaved so that a busy machine slows both alike, and
 * the trained parameter counts. Arguments: preset (nano|small), steps, batch size, codes per example, rank.
 */
public final class LoraStepBench {

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "nano";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int codeCount = args.length > 3 ? Integer.parseInt(args[3]) : 75;
        int rank = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        GptConfig config = SyntheticBatch.preset(preset);
        List<TtsExample> examples = SyntheticBatch.examples(batchSize, codeCount);
        TrainingSettings settings = new TrainingSettings(1e-4f, 0, List.of(), 0.5f, 1f, 0.01f, 1f, 5, 1,
                AdamW.Settings.defaults());
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt full = model(config, manager);
            ParameterGroups all = ParameterGroups.of(full);
            TtsTrainer fullTrainer = new TtsTrainer(full, new ParameterStore(manager, false), settings, all);
            SpeechGpt adapted = model(config, manager);
            LoraAdapters lora = LoraAdapters.attach(adapted, new LoraSettings(rank, 2f * rank), manager, 1);
            ParameterGroups trained = ParameterGroups.lora(lora);
            ParameterGroups.freezeExcept(adapted, trained);
            TtsTrainer loraTrainer = new TtsTrainer(adapted, new ParameterStore(manager, false), settings, trained);
            TtsBatch batch = TtsBatch.of(manager, config, examples, 64);
            for (int i = 0; i < 2; i++) {
                fullTrainer.step(batch);
                loraTrainer.step(batch);
            }
            double fullMillis = 0;
            double loraMillis = 0;
            for (int i = 0; i < steps; i++) {
                fullMillis += fullTrainer.step(batch).millis();
                loraMillis += loraTrainer.step(batch).millis();
            }
            System.out.printf("%s (%s): batch %d x %d codes: full %.0f ms/step training %,d parameters; lora rank %d %.0f ms/step"
                    + " training %,d (%.1f%%); lora/full step time %.2f%n", preset, config, batchSize, codeCount, fullMillis / steps,
                    all.parameterCount(), rank, loraMillis / steps, trained.parameterCount(),
                    100.0 * trained.parameterCount() / all.parameterCount(), loraMillis / fullMillis);
        }
    }

    private static SpeechGpt model(GptConfig config, NDManager manager) {
        TtsTrainer.seedEngine(1);
        SpeechGpt model = new SpeechGpt(config);
        model.setInitializer(new SeededNormalInitializer(1, 0.02), Parameter.Type.WEIGHT);
        model.initialize(manager);
        return model;
    }
}
