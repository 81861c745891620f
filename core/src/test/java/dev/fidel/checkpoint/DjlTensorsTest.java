package dev.fidel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import dev.fidel.FidelException;
import dev.fidel.util.TorchEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DJL block saved into a checkpoint and loaded into a fresh block computes the same outputs. */
class DjlTensorsTest {

    @TempDir
    Path dir;

    private static Block block(int hidden) {
        return new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(LayerNorm.builder().build())
                .add(Linear.builder().setUnits(3).build());
    }

    private static float[] forward(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void aLoadedBlockReproducesTheOutputs() throws Exception {
        try (NDManager manager = TorchEngine.newManager()) {
            manager.getEngine().setRandomSeed(1);
            Block trained = block(8);
            trained.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
            NDArray input = manager.randomNormal(new Shape(2, 5));
            float[] expected = forward(trained, manager, input);

            CheckpointStore store = CheckpointStore.open(dir, 3, new Fixtures.Events());
            Map<String, NDArray> moments = Map.of("mean/x", manager.ones(new Shape(2)), "step", manager.create(new long[] {12}));
            store.save(new Checkpoint(Fixtures.info(3), DjlTensors.weights(trained.getParameters()), new SafeTensors(DjlTensors.of(moments)), null));

            manager.getEngine().setRandomSeed(2);
            Block fresh = block(8);
            fresh.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
            assertFalse(java.util.Arrays.equals(expected, forward(fresh, manager, input)));
            Checkpoint loaded = CheckpointReader.open(dir.resolve("step-000003"), "baseCheckpoint").load(CheckpointCheck.none(), new Fixtures.Events());
            DjlTensors.load(loaded.weights(), fresh.getParameters(), "checkpoint step-000003");
            assertArrayEquals(expected, forward(fresh, manager, input));
            assertEquals(12L, DjlTensors.toArray(loaded.optimizer().get("step"), manager).getLong());
            assertArrayEquals(new float[] {1, 1}, DjlTensors.toArray(loaded.optimizer().get("mean/x"), manager).toFloatArray());
        }
    }

    @Test
    void refusesWeightsOfAnotherShape() throws Exception {
        try (NDManager manager = TorchEngine.newManager()) {
            Block small = block(8);
            small.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
            Block wide = block(16);
            wide.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
            FidelException e = assertThrows(FidelException.class,
                    () -> DjlTensors.load(DjlTensors.weights(small.getParameters()), wide.getParameters(), "checkpoint step-000003"));
            assertTrue(e.getMessage().startsWith("the weights of checkpoint step-000003 do not fit the model"), e.getMessage());
            assertTrue(e.getMessage().contains("is [8, 5] but the model's is [16, 5]"), e.getMessage());
        }
    }
}
