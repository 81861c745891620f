package dev.fidel.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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
        NDArray ahead = run(forward, store, x, training);
        NDArray behind = run(backward, store, x.flip(1), training).flip(1);
        return new NDList(ahead.concat(behind, 2));
    }

    /** One direction; on a GPU with its weights in one buffer, as cuDNN wants them (see {@link #flat}). */
    private NDArray run(Block gru, ParameterStore store, NDArray x, boolean training) {
        return x.getDevice().isGpu() ? flat(gru, store, x, training, size)
                : gru.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * A one-layer batch-first GRU {@code gru} over {@code x} with its four weights as views of one contiguous buffer
     * ({@code w_ih | w_hh | b_ih | b_hh}, the layout PyTorch's {@code flatten_parameters} gives them). cuDNN takes
     * separate weight tensors too, but copies them into one chunk on every call and warns each time ("RNN module
     * weights are not part of single contiguous chunk of memory"); DJL 0.34 has no {@code flatten_parameters}.
     * The gradients flow back through the views to the block's own parameters.
     */
    static NDArray flat(Block gru, ParameterStore store, NDArray x, boolean training, int size) {
        NDList weights = new NDList();
        for (Parameter parameter : gru.getDirectParameters().values()) {
            weights.add(store.getValue(parameter, x.getDevice(), training));
        }
        NDList rows = new NDList(weights.size());
        for (NDArray w : weights) {
            rows.add(w.reshape(-1));
        }
        NDArray buffer = NDArrays.concat(rows);
        NDList views = new NDList(weights.size());
        long offset = 0;
        for (NDArray w : weights) {
            views.add(buffer.get(new NDIndex("{}:{}", offset, offset + w.size())).reshape(w.getShape()));
            offset += w.size();
        }
        NDArray state = x.getManager().zeros(new Shape(1, x.getShape().get(0), size), x.getDataType(), x.getDevice());
        NDList out = x.getNDArrayInternal().gru(x, state, views, true, 1, 0, training, false, true);
        return out.get(0);
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
