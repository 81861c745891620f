package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Resamples a variable-length context {@code [B, F, d]} to a fixed {@code [B, N, d]}: N learned latent
 * queries cross-attend to the context, then an MLP, both residual, then a final norm.
 */
public final class PerceiverResampler extends AbstractBlock {

    private final int width;
    private final int heads;
    private final Parameter latents;
    private final LayerNorm latentNorm;
    private final LayerNorm contextNorm;
    private final Linear query;
    private final Linear keyValue;
    private final Linear attentionOut;
    private final LayerNorm mlpNorm;
    private final Linear expand;
    private final Linear contract;
    private final LayerNorm outNorm;

    public PerceiverResampler(int latentCount, int width, int heads) {
        this.width = width;
        this.heads = heads;
        latents = addParameter(Parameter.builder().setName("latents").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(latentCount, width)).build());
        latentNorm = addChildBlock("latentNorm", LayerNorm.builder().axis(2).build());
        contextNorm = addChildBlock("contextNorm", LayerNorm.builder().axis(2).build());
        query = addChildBlock("query", Linear.builder().setUnits(width).build());
        keyValue = addChildBlock("keyValue", Linear.builder().setUnits(2L * width).build());
        attentionOut = addChildBlock("attentionOut", Linear.builder().setUnits(width).build());
        mlpNorm = addChildBlock("mlpNorm", LayerNorm.builder().axis(2).build());
        expand = addChildBlock("expand", Linear.builder().setUnits(4L * width).build());
        contract = addChildBlock("contract", Linear.builder().setUnits(width).build());
        outNorm = addChildBlock("outNorm", LayerNorm.builder().axis(2).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray context = inputs.singletonOrThrow();
        long batch = context.getShape().get(0);
        NDArray table = ps.getValue(latents, context.getDevice(), training);
        NDArray x = table.expandDims(0).broadcast(new Shape(batch, table.getShape().get(0), width));
        NDArray q = query.forward(ps, latentNorm.forward(ps, new NDList(x), training), training).singletonOrThrow();
        NDArray kv = keyValue.forward(ps, contextNorm.forward(ps, new NDList(context), training), training)
                .singletonOrThrow();
        NDList kAndV = kv.split(2, 2);
        NDArray attended = Attention.attend(q, kAndV.get(0), kAndV.get(1), heads, null);
        x = x.add(attentionOut.forward(ps, new NDList(attended), training).singletonOrThrow());
        NDArray hidden = expand.forward(ps, mlpNorm.forward(ps, new NDList(x), training), training).singletonOrThrow();
        x = x.add(contract.forward(ps, new NDList(Activation.gelu(hidden)), training).singletonOrThrow());
        return outNorm.forward(ps, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(1, 1, width);
        for (var block : new AbstractBlock[] {latentNorm, contextNorm, mlpNorm, outNorm}) {
            block.initialize(manager, dataType, x);
        }
        query.initialize(manager, dataType, x);
        keyValue.initialize(manager, dataType, x);
        attentionOut.initialize(manager, dataType, x);
        expand.initialize(manager, dataType, x);
        contract.initialize(manager, dataType, new Shape(1, 1, 4L * width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), latents.getShape().get(0), width)};
    }
}
