package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A table of {@code count} learned vectors looked up by integer id: token embeddings and learned positions. */
public final class TokenEmbedding extends AbstractBlock {

    private final Parameter table;

    public TokenEmbedding(int count, int width) {
        table = addParameter(Parameter.builder()
                .setName("table")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(count, width))
                .build());
    }

    public long count() {
        return table.getArray().getShape().get(0);
    }

    /** Vectors for {@code ids} of any shape; the result has one more axis of size width. */
    public NDArray embed(ParameterStore ps, NDArray ids, boolean training) {
        return forward(ps, new NDList(ids), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray weight = ps.getValue(table, ids.getDevice(), training);
        return Embedding.embedding(ids, weight, SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(table.getShape().get(1)))};
    }
}
