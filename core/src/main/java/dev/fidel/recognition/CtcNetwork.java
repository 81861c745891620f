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

    private static Block halvingConv(CtcRecognizerConfig config) {
        return Conv1d.builder()
                .setKernelShape(new Shape(config.kernel()))
                .setFilters(config.convChannels())
                .optStride(new Shape(2))
                .optPadding(new Shape(config.kernel() / 2))
                .build();
    }
}
