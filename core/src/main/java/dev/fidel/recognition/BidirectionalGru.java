package dev.fidel.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One bidirectional GRU layer, batch first: {@code (B, T, in)} to {@code (B, T, 2 * size)}, the
 * forward pass beside the backward pass (a GRU over the time-reversed input, reversed back).
 * Built from two one-way GRUs because DJL 0.34's {@code optBidirectional(true)} creates weights for
 * one direction only and PyTorch then fails ("size of tensor a (576) must match ... (256)").
 */
final class BidirectionalGru extends AbstractBlock {

    private final int size;
    private final Block forward;
    private final Block backward;

    BidirectionalGru(int size) {
        this.size = size;
        this.forward = addChildBlock("forward", oneWay(size));
        this.backward = addChildBlock("backward", oneWay(size));
    }

    private static Block oneWay(int size) {
        return GRU.builder().setStateSize(size).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray ahead = forward.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray behind = backward.forward(store, new NDList(x.flip(1)), training).singletonOrThrow().flip(1);
        return new NDList(ahead.concat(behind, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), 2L * size)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        forward.initialize(manager, dataType, inputShapes);
        backward.initialize(manager, dataType, inputShapes);
    }
}
