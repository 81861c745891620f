package dev.fidel.recognition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fidel.util.TorchEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPU path's one-buffer weights compute the block's own GRU, forward and backward (checked here on the CPU). */
class BidirectionalGruTest {

    @Test
    void weightsInOneBufferGiveTheSameOutputAndGradients() {
        try (NDManager manager = TorchEngine.newManager()) {
            TorchEngine.engine().setRandomSeed(3);
            Block gru = GRU.builder().setStateSize(6).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
            gru.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 4));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(2, 5, 4));
            float[] plain = run(gru, store, x, false);
            List<float[]> plainGradients = gradients(gru);
            float[] flat = run(gru, store, x, true);
            assertArrayEquals(plain, flat, 1e-6f);
            List<float[]> flatGradients = gradients(gru);
            for (int i = 0; i < plainGradients.size(); i++) {
                assertArrayEquals(plainGradients.get(i), flatGradients.get(i), 1e-5f, "gradient of weight " + i);
            }
        }
    }

    private static float[] run(Block gru, ParameterStore store, NDArray x, boolean flat) {
        for (Parameter p : gru.getDirectParameters().values()) {
            p.getArray().getGradient().subi(p.getArray().getGradient());
        }
        try (GradientCollector collector = TorchEngine.engine().newGradientCollector()) {
            NDArray y = flat ? BidirectionalGru.flat(gru, store, x, true, 6)
                    : gru.forward(store, new NDList(x), true).singletonOrThrow();
            collector.backward(y.mul(y).sum());
            return y.toFloatArray();
        }
    }

    private static List<float[]> gradients(Block gru) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : gru.getDirectParameters().values()) {
            out.add(p.getArray().getGradient().toFloatArray());
        }
        return out;
    }
}
