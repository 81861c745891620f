package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pre-norm GPT-2 block: {@code x + attn(ln1(x))}, then {@code x + mlp(ln2(x))}, dropout on both
 * branches. Inputs: {@code x [B, T, d]} and an optional boolean mask {@code [B|1, 1, T, T]}
 * (absent: every position sees every other, as in the conditioning encoder).
 */
public final class GptBlock extends AbstractBlock {

    private final int width;
    private final int heads;
    private final LayerNorm norm1;
    private final Linear queryKeyValue;
    private final Linear attentionOut;
    private final LayerNorm norm2;
    private final Linear expand;
    private final Linear contract;
    private final Dropout dropout;
    private final Map<Linear, LoraAdapter> adapters = new IdentityHashMap<>();

    public GptBlock(int width, int heads, float dropoutRate) {
        this.width = width;
        this.heads = heads;
        norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        queryKeyValue = addChildBlock("queryKeyValue", Linear.builder().setUnits(3L * width).build());
        attentionOut = addChildBlock("attentionOut", Linear.builder().setUnits(width).build());
        norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        expand = addChildBlock("expand", Linear.builder().setUnits(4L * width).build());
        contract = addChildBlock("contract", Linear.builder().setUnits(width).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    public NDArray apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        NDList inputs = mask == null ? new NDList(x) : new NDList(x, mask);
        return forward(ps, inputs, training).singletonOrThrow();
    }

    /**
     * The same computation for incremental decoding: {@code x} holds only the new positions, and
     * {@code cache} holds the earlier ones' keys and values; the new ones are appended to it. {@code bias} masks
     * the new positions among themselves and padded keys (null: every key is seen).
     */
    NDArray applyCached(ParameterStore ps, NDArray x, NDArray bias, KeyValueCache cache) {
        return run(ps, x, bias, false, cache);
    }

    /** The projections LoRA adapts, by name: query/key/value, attention output, MLP expand and contract. */
    Map<String, Linear> projections() {
        Map<String, Linear> out = new LinkedHashMap<>();
        out.put("queryKeyValue", queryKeyValue);
        out.put("attentionOut", attentionOut);
        out.put("expand", expand);
        out.put("contract", contract);
        return out;
    }

    /** Adds {@code adapter}'s low-rank update to {@code projection}'s output from now on. */
    void adapt(Linear projection, LoraAdapter adapter) {
        if (adapters.putIfAbsent(projection, adapter) != null) {
            throw new IllegalArgumentException("this block's projection already has a LoRA adapter");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(run(ps, inputs.get(0), mask, training, null));
    }

    private NDArray run(ParameterStore ps, NDArray x, NDArray mask, boolean training, KeyValueCache cache) {
        // Attention branch: one projection gives queries, keys and values.
        NDArray qkv = project(ps, queryKeyValue, norm1.forward(ps, new NDList(x), training).singletonOrThrow(), training);
        NDList parts = qkv.split(3, 2);
        NDArray attended;
        if (cache == null) {
            attended = Attention.attend(parts.get(0), parts.get(1), parts.get(2), heads, mask);
        } else {
            NDArray[] all = cache.append(Attention.splitHeads(parts.get(1), heads), Attention.splitHeads(parts.get(2), heads));
            attended = Attention.attendHeads(parts.get(0), all[0], all[1], heads, mask);
        }
        NDArray branch = project(ps, attentionOut, attended, training);
        x = x.add(dropout.forward(ps, new NDList(branch), training).singletonOrThrow());
        // MLP branch: d -> 4d -> GELU -> d.
        NDArray hidden = project(ps, expand, norm2.forward(ps, new NDList(x), training).singletonOrThrow(), training);
        NDArray mlp = project(ps, contract, Activation.gelu(hidden), training);
        return x.add(dropout.forward(ps, new NDList(mlp), training).singletonOrThrow());
    }

    /** {@code projection(x)}, plus its LoRA update when it has an adapter. */
    private NDArray project(ParameterStore ps, Linear projection, NDArray x, boolean training) {
        NDArray y = projection.forward(ps, new NDList(x), training).singletonOrThrow();
        LoraAdapter adapter = adapters.get(projection);
        return adapter == null ? y : y.add(adapter.delta(ps, x, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(1, 1, width);
        norm1.initialize(manager, dataType, x);
        queryKeyValue.initialize(manager, dataType, x);
        attentionOut.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        expand.initialize(manager, dataType, x);
        contract.initialize(manager, dataType, new Shape(1, 1, 4L * width));
        dropout.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
