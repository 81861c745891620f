package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

    @Test
    void onlyLinearWeightMatricesAreDecayed() {
        try (NDManager manager = NDManager.newBaseManager()) {
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
}
