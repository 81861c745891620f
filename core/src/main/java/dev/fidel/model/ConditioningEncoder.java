package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Speaker conditioning: a reference mel {@code [B, F, mels]} (normalized per band) projected to the
 * model width, one bidirectional {@link GptBlock}, then a {@link PerceiverResampler} to
 * {@code [B, latents, d]}.
 */
public final class ConditioningEncoder extends AbstractBlock {

    private final int mels;
    private final int width;
    private final Linear melIn;
    private final GptBlock context;
    private final PerceiverResampler resampler;

    public ConditioningEncoder(GptConfig config) {
        mels = config.mels();
        width = config.width();
        melIn = addChildBlock("melIn", Linear.builder().setUnits(width).build());
        context = addChildBlock("context", new GptBlock(width, config.heads(), config.dropout()));
        resampler = addChildBlock("resampler", new PerceiverResampler(config.conditioningLatents(), width, config.heads()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = melIn.forward(ps, inputs, training).singletonOrThrow();
        x = context.apply(ps, x, null, training);
        return resampler.forward(ps, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        melIn.initialize(manager, dataType, new Shape(1, 1, mels));
        context.initialize(manager, dataType, new Shape(1, 1, width));
        resampler.initialize(manager, dataType, new Shape(1, 1, width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return resampler.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), width)});
    }
}
