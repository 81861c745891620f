package dev.fidel.recognition;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;

/** The recognizer's network: {@code (B, frames, mels)} normalized log-mel to {@code (B, steps, classes)} logits. */
final class CtcNetwork {

    private CtcNetwork() {
    }

    static Block build(CtcRecognizerConfig config, int classes) {
        SequentialBlock network = new SequentialBlock()
                // Conv1d reads (B, channels, time).
                .add(x -> new NDList(x.singletonOrThrow().transpose(0, 2, 1)))
                .add(halvingConv(config))
                .add(Activation::relu)
                .add(halvingConv(config))
                .add(Activation::relu)
                .add(x -> new NDList(x.singletonOrThrow().transpose(0, 2, 1)));
        for (int i = 0; i < config.gruLayers(); i++) {
            network.add(new BidirectionalGru(config.gruSize()));
        }
        return network.add(Linear.builder().setUnits(classes).build());
    }

    /**
     * How many parameters {@link #build} makes for {@code classes} classes over {@code mels} mel bands, from the sizes
     * alone: nothing is built. Two convolutions (weights and biases), per GRU layer two one-way GRUs of three gates
     * (input and hidden weights, two biases each), the output layer.
     *
     * @throws ArithmeticException when the count does not fit a long
     */
    static long parameterCount(CtcRecognizerConfig config, long classes, long mels) {
        long c = config.convChannels();
        long k = config.kernel();
        long h = config.gruSize();
        long count = Math.addExact(Math.multiplyExact(Math.multiplyExact(c, mels), k), c);          // first convolution
        count = Math.addExact(count, Math.addExact(Math.multiplyExact(Math.multiplyExact(c, c), k), c));   // second
        for (int i = 0; i < config.gruLayers(); i++) {
            long in = i == 0 ? c : 2 * h;
            count = Math.addExact(count, Math.multiplyExact(6 * h, in + h + 2));
        }
        return Math.addExact(count, Math.multiplyExact(classes, 2 * h + 1));
    }

    private static Block halvingConv(CtcRecognizerConfig config) {
        return Conv1d.builder()
                .setKernelShape(new Shape(config.kernel()))
                .setFilters(config.convChannels())
                .optStride(new Shape(2))
                .optPadding(new Shape(config.kernel() / 2))
                .build();
    }
}
