package dev.fidel.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.config.Adaptation;
import dev.fidel.config.ComputeDevice;
import dev.fidel.config.LossWeights;
import dev.fidel.config.ModelPreset;
import dev.fidel.config.Optimizer;
import dev.fidel.config.Run;
import dev.fidel.config.Schedule;
import dev.fidel.config.TrainingConfig;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Small checkpoints for the tests: a toy model's weights and a full checkpoint.json. */
final class Fixtures {

    static final byte[] VOCABULARY_MODEL = "a SentencePiece model, as bytes \u1200\u1208".getBytes(StandardCharsets.UTF_8);
    static final String VOCABULARY_SHA = Sha256.of(VOCABULARY_MODEL);
    static final CheckpointInfo.Codec CODEC = new CheckpointInfo.Codec("vq-mel", Sha256.of("codebook"));

    private Fixtures() {
    }

    /** A configuration with a value in every part that differs from the defaults, and LoRA, the adaptation with the most fields. */
    static final TrainingConfig CONFIG = new TrainingConfig(ModelPreset.SMALL, new Optimizer(3e-4f, 0.02f, 0.5f, 0.999f),
            new Schedule(50, List.of(2, 3), Schedule.Unit.EPOCHS, 0.25f), new Adaptation.Lora(4, 12f), new LossWeights(0.02f, 0.9f),
            new Run(900, 1800, 2, 42), ComputeDevice.GPU);

    /** The settings by part, as finetune's fingerprint records them. */
    static final SettingsFingerprint.Parts SETTINGS = new SettingsFingerprint("finetune").identify("schedule.milestones", List.of(2, 3))
            .identify("optimizer.learningRate", 3e-4f).extend("run.maxSteps", 900).judge("verdict.minImprovement", 0.2f).parts();

    static CheckpointInfo info(long step) {
        ObjectNode model = Json.MAPPER.createObjectNode().put("preset", "nano").put("dModel", 8).put("layers", 1);
        CheckpointInfo.Training training = CheckpointInfo.Training.of(Map.of("train.jsonl", Sha256.of("train"), "validation.jsonl",
                Sha256.of("validation")), CONFIG, SETTINGS, 42, Map.of("pytorch", "2.7.1"));
        return CheckpointInfo.of(step, model, Map.of("text", 402, "code", 605), new CheckpointInfo.Vocabulary(VOCABULARY_SHA, 8000,
                VOCABULARY_MODEL), NormalizerProfile.amharic(), CODEC, training);
    }

    /** A toy model's parameters, different for each seed. */
    static SafeTensors weights(long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new TreeMap<>();
        tensors.put("text_embedding.weight", Tensor.f32(floats(random, 40 * 8), 40, 8));
        tensors.put("blocks.0.attention.qkv.weight", Tensor.f32(floats(random, 24 * 8), 24, 8));
        tensors.put("blocks.0.attention.qkv.bias", Tensor.f32(floats(random, 24), 24));
        tensors.put("final_norm.gamma", Tensor.f32(floats(random, 8), 8));
        return new SafeTensors(tensors);
    }

    static SafeTensors optimizer(long seed) {
        Random random = new Random(seed + 1);
        Map<String, Tensor> tensors = new TreeMap<>();
        tensors.put("m/text_embedding.weight", Tensor.f32(floats(random, 40 * 8), 40, 8));
        tensors.put("v/text_embedding.weight", Tensor.f32(floats(random, 40 * 8), 40, 8));
        tensors.put("step", Tensor.scalar(seed));
        return new SafeTensors(tensors);
    }

    static Checkpoint checkpoint(long step) {
        ObjectNode state = Json.MAPPER.createObjectNode().put("schedulerStep", step).put("rng", "seed 42, draws " + step * 16);
        return new Checkpoint(info(step), weights(step), optimizer(step), state);
    }

    static float[] floats(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Collects what the core logs. */
    static final class Events implements dev.fidel.event.EventSink {
        final List<String> infos = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        @Override
        public void info(String message) {
            infos.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    }
}
