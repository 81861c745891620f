package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A GPT over one sequence {@code [conditioning latents | textStart, text, textStop | codeStart, codes, codeStop]},
 * shaped like IndexTTS2's UnifiedVoice and XTTS's GPT: a {@link ConditioningEncoder} for the speaker,
 * text and code embeddings each with learned positions, pre-norm {@link GptBlock}s with causal
 * self-attention, a final norm, a text head and a code head.
 *
 * <p>Inputs ({@link TtsBatch#inputs()}): reference {@code [B, F, mels]}, text {@code [B, Tt]}, text lengths
 * {@code [B]}, codes {@code [B, Tc]}, code lengths {@code [B]}. Outputs: text logits {@code [B, Tt, textVocabularySize+2]}
 * and code logits {@code [B, Tc, codebookSize+2]}, position t predicting token t+1 of its segment.
 */
public final class SpeechGpt extends AbstractBlock {

    private final GptConfig config;
    private final ConditioningEncoder conditioning;
    private final TokenEmbedding textEmbedding;
    private final TokenEmbedding textPositions;
    private final TokenEmbedding codeEmbedding;
    private final TokenEmbedding codePositions;
    private final Dropout embeddingDropout;
    private final List<GptBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear textHead;
    private final Linear codeHead;

    public SpeechGpt(GptConfig config) {
        this.config = config;
        int d = config.width();
        conditioning = addChildBlock("conditioning", new ConditioningEncoder(config));
        textEmbedding = addChildBlock("textEmbedding", new TokenEmbedding(config.textVocabularySize() + 2, d));
        textPositions = addChildBlock("textPositions", new TokenEmbedding(config.maxTextTokens() + 2, d));
        codeEmbedding = addChildBlock("codeEmbedding", new TokenEmbedding(config.codebookSize() + 2, d));
        codePositions = addChildBlock("codePositions", new TokenEmbedding(config.maxCodeTokens() + 2, d));
        embeddingDropout = addChildBlock("embeddingDropout", Dropout.builder().optRate(config.dropout()).build());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(addChildBlock("block" + i, new GptBlock(d, config.heads(), config.dropout())));
        }
        finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
        textHead = addChildBlock("textHead", Linear.builder().setUnits(config.textVocabularySize() + 2L).build());
        codeHead = addChildBlock("codeHead", Linear.builder().setUnits(config.codebookSize() + 2L).build());
    }

    public GptConfig config() {
        return config;
    }

    /**
     * How many parameters a model of {@code config} has, from its sizes alone: nothing is built. A loader
     * compares it with the values a weights file holds before building a model a file describes.
     *
     * @throws ArithmeticException when the count does not fit a long
     */
    public static long parameterCount(GptConfig config) {
        long d = config.width();
        long block = add(mul(12, mul(d, d)), 13 * d);                 // GptBlock: 2 norms, qkv, out, expand, contract
        long resampler = add(mul(config.conditioningLatents(), d), add(mul(12, mul(d, d)), 17 * d));
        long conditioning = add(add(mul(config.mels(), d), d), add(block, resampler));   // melIn, context block, resampler
        long text = config.textVocabularySize() + 2L;
        long code = config.codebookSize() + 2L;
        long tables = mul(   // text, text position, code and code position tables
                text + config.maxTextTokens() + 2L + code + config.maxCodeTokens() + 2L, d);
        long heads = add(add(mul(text, d), text), add(mul(code, d), code));   // textHead, codeHead with biases
        return add(add(conditioning, tables), add(add(mul(config.layers(), block), 2 * d), heads));   // ..., the blocks, final norm
    }

    private static long mul(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    private static long add(long a, long b) {
        return Math.addExact(a, b);
    }

    /** The GPT blocks in order (for {@link LoraAdapters}). */
    List<GptBlock> blocks() {
        return java.util.Collections.unmodifiableList(blocks);
    }

    /** Initializes every parameter; call once, before the first forward pass. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, config.mels()));
    }

    /** Logits for a batch: {@code [text, code]}. */
    public NDArray[] logits(ParameterStore ps, TtsBatch batch, boolean training) {
        NDList out = forward(ps, batch.inputs(), training);
        return new NDArray[] {out.get(0), out.get(1)};
    }

    public TtsLoss loss(ParameterStore ps, TtsBatch batch, boolean training, float textWeight, float codeWeight) {
        return TtsLoss.of(logits(ps, batch, training), batch, textWeight, codeWeight);
    }

    /** Speaker latents {@code [B, latents, d]} for a reference mel: computed once per reference at synthesis. */
    public NDArray conditioningLatents(ParameterStore ps, NDArray reference, boolean training) {
        return conditioning.forward(ps, new NDList(reference), training).singletonOrThrow();
    }

    /**
     * Incremental decoding state for a batch of rows decoded in step: each block's keys and values so far
     * ({@link KeyValueCache}), the score bias that hides padded text keys (null when no row is padded), the last
     * position's hidden state and the next code position (the same for every row: all rows start their codes
     * together). A finished row can be dropped ({@link #retain}), so the others no longer pay for it.
     */
    public final class Decoding {
        private final KeyValueCache[] caches = new KeyValueCache[blocks.size()];
        private final ParameterStore ps;
        private NDArray keyBias;
        private NDArray last;
        private int codePosition;

        private Decoding(ParameterStore ps) {
            this.ps = ps;
            for (int i = 0; i < caches.length; i++) {
                caches[i] = new KeyValueCache();
            }
        }

        /** How many rows are decoded. */
        public int rows() {
            return (int) last.getShape().get(0);
        }

        /** Logits for the next code, {@code [codebookSize + 2]} per row, rows one after another. */
        public NDArray nextCodeLogits() {
            return codeHead.forward(ps, new NDList(last), false).singletonOrThrow().reshape(-1);
        }

        /** Feeds one chosen code per row. */
        public void append(int... codes) {
            if (codes.length != rows()) {
                throw new IllegalArgumentException(codes.length + " codes for " + rows() + " rows");
            }
            step(() -> {
                NDManager manager = last.getManager();
                NDArray x = codeEmbedding.embed(ps, manager.create(codes, new Shape(codes.length, 1)), false)
                        .add(codePositions.embed(ps, manager.create(new int[] {codePosition}, new Shape(1, 1)), false));
                codePosition++;
                if (keyBias != null) {
                    keyBias = keyBias.concat(manager.zeros(new Shape(codes.length, 1, 1, 1)), 3);
                }
                advance(x, keyBias);
            });
        }

        /** Keeps only {@code rows} (ascending row numbers of the current batch), dropping the others' state. */
        public void retain(int[] rows) {
            if (rows.length == rows()) {
                return;
            }
            step(() -> {
                NDArray index = last.getManager().create(rows);
                for (KeyValueCache cache : caches) {
                    cache.retain(index);
                }
                last = last.get(index);
                keyBias = keyBias == null ? null : keyBias.get(index);
            });
        }

        /**
         * Runs {@code work} in a scope of its own: the state it leaves (caches, bias, last hidden state) is kept, the
         * state it replaced and every temporary are closed at once, so a long decoding holds only its current state.
         */
        private void step(Runnable work) {
            Set<NDArray> before = state();
            try (NDScope scope = new NDScope()) {
                work.run();
                NDScope.unregister(state().toArray(NDArray[]::new));
            }
            Set<NDArray> now = state();
            for (NDArray replaced : before) {
                if (!now.contains(replaced)) {
                    replaced.close();
                }
            }
        }

        private Set<NDArray> state() {
            Set<NDArray> state = Collections.newSetFromMap(new IdentityHashMap<>());
            for (KeyValueCache cache : caches) {
                state.addAll(cache.arrays());
            }
            state.add(last);
            if (keyBias != null) {
                state.add(keyBias);
            }
            return state;
        }

        private void advance(NDArray x, NDArray bias) {
            for (int i = 0; i < blocks.size(); i++) {
                x = blocks.get(i).applyCached(ps, x, bias, caches[i]);
            }
            long length = x.getShape().get(1);
            last = finalNorm.forward(ps, new NDList(x.get(new NDIndex(":, {}:, :", length - 1))), false)
                    .singletonOrThrow();
        }
    }

    /**
     * Starts decoding codes for one text: runs {@code [latents | textStart, text, textStop | codeStart]} once
     * and keeps keys and values, so each further code costs one position ({@code reference [1, F, mels]},
     * {@code text [1, Tt]} with start and stop).
     */
    public Decoding startDecoding(ParameterStore ps, NDArray reference, NDArray text) {
        return startDecoding(ps, reference, new int[][] {text.toType(DataType.INT32, false).toIntArray()});
    }

    /**
     * Starts decoding codes for several texts at once, one row each ({@code texts} with start and stop; one
     * {@code reference [1, F, mels]} for every row, or one per row). Rows are laid out as in training
     * ({@link TtsBatch}): a shorter text is padded with its stop id up to the longest, and the padding is never a
     * key, so every row's codes start at the same column.
     */
    public Decoding startDecoding(ParameterStore ps, NDArray reference, int[][] texts) {
        NDManager manager = reference.getManager();
        int rows = texts.length;
        int width = Arrays.stream(texts).mapToInt(t -> t.length).max().orElseThrow();
        int[] padded = new int[rows * width];
        int[] lengths = new int[rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(texts[r], 0, padded, r * width, texts[r].length);
            Arrays.fill(padded, r * width + texts[r].length, (r + 1) * width, config.textStop());
            lengths[r] = texts[r].length;
        }
        NDArray latents = conditioningLatents(ps, reference, false);
        if (latents.getShape().get(0) != rows) {
            latents = latents.repeat(0, rows);
        }
        NDArray textVectors = textEmbedding.embed(ps, manager.create(padded, new Shape(rows, width)), false)
                .add(textPositions.embed(ps, manager.arange(width), false));
        int[] starts = new int[rows];
        Arrays.fill(starts, config.codeStart());
        NDArray start = codeEmbedding.embed(ps, manager.create(starts, new Shape(rows, 1)), false)
                .add(codePositions.embed(ps, manager.create(new int[] {0}, new Shape(1, 1)), false));
        NDArray x = NDArrays.concat(new NDList(latents, textVectors, start), 1);
        long length = x.getShape().get(1);
        Decoding decoding = new Decoding(ps);
        decoding.codePosition = 1;
        if (Arrays.stream(lengths).allMatch(l -> l == width)) {
            decoding.advance(x, Attention.bias(Attention.causal(manager, length).reshape(1, 1, length, length)));
        } else {
            long latentCount = latents.getShape().get(1);
            NDArray keyValid = NDArrays.concat(new NDList(
                    manager.ones(new Shape(rows, latentCount), DataType.BOOLEAN),
                    Attention.validPositions(manager.create(lengths), width),
                    manager.ones(new Shape(rows, 1), DataType.BOOLEAN)), 1);
            decoding.keyBias = Attention.bias(keyValid.reshape(rows, 1, 1, length));
            decoding.advance(x, Attention.bias(Attention.causalOverValidKeys(keyValid)));
        }
        return decoding;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray text = inputs.get(1);
        NDArray textLengths = inputs.get(2);
        NDArray codes = inputs.get(3);
        NDArray codeLengths = inputs.get(4);
        NDManager manager = text.getManager();
        long batch = text.getShape().get(0);
        long textWidth = text.getShape().get(1);
        long codeWidth = codes.getShape().get(1);

        NDArray latents = conditioningLatents(ps, inputs.get(0), training);
        long latentCount = latents.getShape().get(1);
        NDArray textVectors = textEmbedding.embed(ps, text, training)
                .add(textPositions.embed(ps, manager.arange((int) textWidth), training));
        NDArray codeVectors = codeEmbedding.embed(ps, codes, training)
                .add(codePositions.embed(ps, manager.arange((int) codeWidth), training));
        NDArray x = NDArrays.concat(new NDList(latents, textVectors, codeVectors), 1);
        x = embeddingDropout.forward(ps, new NDList(x), training).singletonOrThrow();

        // Causal attention over the whole sequence; padded text and code positions are never keys.
        NDArray keyValid = NDArrays.concat(new NDList(
                manager.ones(new Shape(batch, latentCount), DataType.BOOLEAN),
                Attention.validPositions(textLengths, textWidth),
                Attention.validPositions(codeLengths, codeWidth)), 1);
        NDArray mask = Attention.bias(Attention.causalOverValidKeys(keyValid));
        for (GptBlock block : blocks) {
            x = block.apply(ps, x, mask, training);
        }
        x = finalNorm.forward(ps, new NDList(x), training).singletonOrThrow();

        NDArray textHidden = x.get(new NDIndex(":, {}:{}, :", latentCount, latentCount + textWidth));
        NDArray codeHidden = x.get(new NDIndex(":, {}:, :", latentCount + textWidth));
        return new NDList(
                textHead.forward(ps, new NDList(textHidden), training).singletonOrThrow(),
                codeHead.forward(ps, new NDList(codeHidden), training).singletonOrThrow());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int d = config.width();
        Shape vector = new Shape(1, 1, d);
        Shape ids = new Shape(1, 1);
        conditioning.initialize(manager, dataType, new Shape(1, 1, config.mels()));
        textEmbedding.initialize(manager, dataType, ids);
        textPositions.initialize(manager, dataType, ids);
        codeEmbedding.initialize(manager, dataType, ids);
        codePositions.initialize(manager, dataType, ids);
        embeddingDropout.initialize(manager, dataType, vector);
        for (GptBlock block : blocks) {
            block.initialize(manager, dataType, vector);
        }
        finalNorm.initialize(manager, dataType, vector);
        textHead.initialize(manager, dataType, vector);
        codeHead.initialize(manager, dataType, vector);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[1].get(0);
        return new Shape[] {
            new Shape(batch, inputShapes[1].get(1), config.textVocabularySize() + 2L),
            new Shape(batch, inputShapes[3].get(1), config.codebookSize() + 2L)};
    }
}
