package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.model.GptConfig;
import dev.fidel.model.LoraAdapters;
import dev.fidel.model.LoraSettings;
import dev.fidel.model.SpeechGpt;
import dev.fidel.model.TtsBatch;
import dev.fidel.util.TorchEngine;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

    @Test
    void onlyLinearWeightMatricesAreDecayed() {
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = new SpeechGpt(new GptConfig(32, 2, 2, 0f, 10, 16, 20, 40, 2, 8));
            model.initialize(manager);
            ParameterGroups groups = ParameterGroups.of(model);
            for (ParameterGroups.Named p : groups.decayed()) {
                assertEquals(Parameter.Type.WEIGHT, p.parameter().getType(), p.name());
                assertEquals(2, p.parameter().getArray().getShape().dimension(), p.name());
                String name = p.name().toLowerCase();
                assertFalse(name.contains("norm") || name.contains("embedding") || name.contains("positions")
                        || name.contains("latents") || name.contains("bias"), p.name());
            }
            Set<String> notDecayed = new HashSet<>();
            groups.notDecayed().forEach(p -> notDecayed.add(p.name()));
            assertTrue(notDecayed.contains("textEmbedding.table"), notDecayed.toString());
            assertTrue(notDecayed.contains("codePositions.table"), notDecayed.toString());
            assertTrue(notDecayed.contains("block0.norm1.gamma"), notDecayed.toString());
            assertTrue(notDecayed.contains("block0.queryKeyValue.bias"), notDecayed.toString());
            assertTrue(notDecayed.contains("conditioning.resampler.latents"), notDecayed.toString());
            assertTrue(groups.decayed().stream().anyMatch(p -> p.name().equals("block1.expand.weight")));
            // Every trainable parameter is in exactly one group.
            assertEquals(model.getParameters().size(), groups.all().size());
        }
    }

    @Test
    void loraTrainsOnlyItsMatricesAndDecaysThem() {
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = new SpeechGpt(new GptConfig(32, 2, 2, 0f, 10, 16, 20, 40, 2, 8));
            model.initialize(manager);
            LoraAdapters lora = LoraAdapters.attach(model, new LoraSettings(4, 8f), manager, 1);
            ParameterGroups groups = ParameterGroups.lora(lora);
            assertTrue(groups.notDecayed().isEmpty(), groups.notDecayed().toString());
            assertEquals(2 * 4 * 2, groups.decayed().size());
            for (ParameterGroups.Named p : groups.decayed()) {
                assertTrue(p.name().matches("block[01]\\.(queryKeyValue|attentionOut|expand|contract)\\.lora[AB]"), p.name());
                assertEquals(2, p.parameter().getArray().getShape().dimension(), p.name());
            }
            // The adapters stay outside the model: its own groups (what a checkpoint holds) are unchanged.
            assertEquals(model.getParameters().size(), ParameterGroups.of(model).all().size());
            assertTrue(ParameterGroups.of(model).all().stream().noneMatch(p -> p.name().contains("lora")));
        }
    }

    @Test
    void frozenBlocksAndConditioningStayExactlyAsTheyWereAfterAStep() throws Exception {
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = TrainingFixtures.model(manager, LoraTest.CONFIG, 3);
            Map<String, float[]> before = LoraTest.values(model);
            ParameterGroups trained = ParameterGroups.of(model).withoutFrozen(1, true);
            assertTrue(trained.all().stream().noneMatch(p -> p.name().startsWith("block0.") || p.name().startsWith("conditioning.")));
            assertTrue(trained.all().stream().anyMatch(p -> p.name().startsWith("block1.")));
            assertTrue(trained.all().stream().anyMatch(p -> p.name().startsWith("codeHead.")));
            long frozen = ParameterGroups.freezeExcept(model, trained);
            TtsTrainer trainer = new TtsTrainer(model, new ParameterStore(manager, false), LoraTest.settings(1e-2f), trained);
            try (NDManager step = manager.newSubManager()) {
                assertFalse(trainer.step(TtsBatch.of(step, LoraTest.CONFIG, LoraTest.examples(4, 1), 16)).skipped());
            }
            Map<String, float[]> after = LoraTest.values(model);
            long unchanged = 0;
            for (String name : before.keySet()) {
                boolean isFrozen = name.matches("\\d*(block0|conditioning)_.*");
                if (isFrozen) {
                    assertArrayEquals(before.get(name), after.get(name), 0f, name);
                    unchanged += before.get(name).length;
                } else if (name.endsWith("_weight")) {
                    assertFalse(Arrays.equals(before.get(name), after.get(name)), name + " was trained");
                }
            }
            assertEquals(frozen, unchanged);
        }
    }
}
