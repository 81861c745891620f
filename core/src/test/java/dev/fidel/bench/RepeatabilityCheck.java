package dev.fidel.bench;

import ai.djl.ndarray.NDManager;
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
import dev.fidel.util.TorchEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains a small model twice in one JVM with the same seed and prints whether the loss sequences are
 * bit-identical and how many steps were skipped as non-finite. Arguments: runs, steps, width.
 */
public final class RepeatabilityCheck {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        GptConfig config = new GptConfig(width, 2, 2, 0.1f, 40, 64, 40, 120, 4, 80);
        float[] reference = null;
        for (int run = 0; run < runs; run++) {
            Random random = new Random(5);
            List<TtsExample> examples = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                float[][] ref = new float[16][80];
                ref[0][i] = 1;
                examples.add(new TtsExample("r" + i, ref, random.ints(10 + random.nextInt(10), 0, 40).toArray(),
                        random.ints(30 + random.nextInt(40), 0, 64).toArray()));
            }
            try (NDManager manager = TorchEngine.newManager()) {
                TtsTrainer.seedEngine(9);
                SpeechGpt model = new SpeechGpt(config);
                model.setInitializer(new SeededNormalInitializer(9, 0.02), Parameter.Type.WEIGHT);
                model.initialize(manager);
                TtsTrainer trainer = new TtsTrainer(model, new ParameterStore(manager, false), new TrainingSettings(
                        3e-3f, 5, List.of(), 0.5f, 1f, 0.01f, 1f, 10, 9, AdamW.Settings.defaults()));
                TtsBatch batch = TtsBatch.of(manager, config, examples, 16);
                float[] losses = new float[steps];
                for (int s = 0; s < steps; s++) {
                    losses[s] = trainer.step(batch).loss();
                }
                boolean same = reference == null || Arrays.equals(reference, losses);
                int firstDiff = -1;
                for (int s = 0; reference != null && s < steps; s++) {
                    if (Float.floatToIntBits(reference[s]) != Float.floatToIntBits(losses[s])) {
                        firstDiff = s;
                        break;
                    }
                }
                System.out.printf("run %d: final loss %.7f, skipped %d, identical to run 0: %s (first difference at step %d)%n",
                        run, losses[steps - 1], trainer.skippedSteps(), same, firstDiff);
                if (reference == null) {
                    reference = losses;
                }
            }
        }
    }
}
