package dev.fidel.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Resizes a matrix whose rows are vocabulary entries (the text embedding, the text head) from a
 * base vocabulary to a new one, by piece string, never by position:
 * <ol>
 * <li>a new piece whose string is a base piece gets that base row exactly (<em>copied</em>);</li>
 * <li>otherwise, when the base tokenizer splits its string into base pieces, it gets the mean of
 * their rows (<em>composed</em>);</li>
 * <li>only a piece with no base pieces at all gets a random row, N(0, 0.02), drawn from a generator
 * seeded by the seed and the piece's string, so the same piece gets the same row wherever it sits
 * (<em>random</em>).</li>
 * </ol>
 */
public final class EmbeddingResizer {

    /** The standard deviation of a random row, as GPT-2 initializes embeddings. */
    public static final double RANDOM_STD = 0.02;

    private EmbeddingResizer() {
    }

    /**
     * The new matrix and how each row was made.
     *
     * @param matrix the new rows, flat: row {@code i} is {@code matrix[i * dim .. (i + 1) * dim)}
     * @param dim the row width
     * @param copied rows taken from the base piece of the same string
     * @param composed rows that are the mean of the base pieces the base tokenizer split the piece into
     * @param randomPieces the pieces that got a random row, in new-vocabulary order
     */
    public record Result(float[] matrix, int dim, int copied, int composed, List<String> randomPieces) {

        public int random() {
            return randomPieces.size();
        }

        public int rows() {
            return dim == 0 ? 0 : matrix.length / dim;
        }

        public float[] row(int i) {
            float[] row = new float[dim];
            System.arraycopy(matrix, i * dim, row, 0, dim);
            return row;
        }

        /** The matrix as an F32 tensor of shape [rows, dim]. */
        public Tensor tensor() {
            return Tensor.f32(matrix, rows(), dim);
        }

        /** "copied 7980, composed 15, random 5": the line for the log. */
        public String summary() {
            return "copied " + copied + ", composed " + composed + ", random " + random();
        }
    }

    /**
     * @param basePieces the base vocabulary's pieces, in row order
     * @param newPieces the new vocabulary's pieces, in row order
     * @param splitter the base tokenizer (ids index {@code basePieces})
     * @param base the base matrix, flat, {@code basePieces.size()} rows of {@code dim}
     * @param seed the seed of the random rows
     */
    public static Result resize(List<String> basePieces, List<String> newPieces, PieceSplitter splitter, float[] base, int dim, long seed) {
        if (dim <= 0 || base.length != (long) basePieces.size() * dim) {
            throw new IllegalArgumentException("the base matrix has " + base.length + " values, not " + basePieces.size() + " pieces x " + dim);
        }
        Map<String, Integer> baseRow = index(basePieces, "base");
        index(newPieces, "new");
        float[] matrix = new float[newPieces.size() * dim];
        int copied = 0;
        int composed = 0;
        List<String> random = new ArrayList<>();
        for (int i = 0; i < newPieces.size(); i++) {
            String piece = newPieces.get(i);
            int at = i * dim;
            Integer same = baseRow.get(piece);
            if (same != null) {
                System.arraycopy(base, same * dim, matrix, at, dim);
                copied++;
                continue;
            }
            int[] parts = splitter.split(piece);
            if (parts != null && parts.length > 0) {
                double[] sum = new double[dim];
                for (int id : parts) {
                    if (id < 0 || id >= basePieces.size()) {
                        throw new IllegalArgumentException("the base tokenizer split \"" + piece + "\" into id " + id + ", outside the "
                                + basePieces.size() + " base pieces");
                    }
                    for (int d = 0; d < dim; d++) {
                        sum[d] += base[id * dim + d];
                    }
                }
                for (int d = 0; d < dim; d++) {
                    matrix[at + d] = (float) (sum[d] / parts.length);
                }
                composed++;
                continue;
            }
            Random rng = new Random(seedFor(seed, piece));
            for (int d = 0; d < dim; d++) {
                matrix[at + d] = (float) (rng.nextGaussian() * RANDOM_STD);
            }
            random.add(piece);
        }
        return new Result(matrix, dim, copied, composed, List.copyOf(random));
    }

    /** Like {@link #resize(List, List, PieceSplitter, float[], int, long)} for a [rows][dim] matrix. */
    public static Result resize(List<String> basePieces, List<String> newPieces, PieceSplitter splitter, float[][] base, long seed) {
        Tensor matrix = Tensor.f32(base);
        int dim = base.length == 0 ? 1 : base[0].length;
        return resize(basePieces, newPieces, splitter, matrix.floats(), dim, seed);
    }

    /** Like {@link #resize(List, List, PieceSplitter, float[], int, long)} for an F32 tensor of shape [rows, dim]. */
    public static Result resize(List<String> basePieces, List<String> newPieces, PieceSplitter splitter, Tensor base, long seed) {
        long[] shape = base.shape();
        if (shape.length != 2 || base.dtype() != Tensor.DType.F32) {
            throw new IllegalArgumentException("the base matrix must be F32 of shape [rows, dim], not " + base);
        }
        return resize(basePieces, newPieces, splitter, base.floats(), (int) shape[1], seed);
    }

    private static Map<String, Integer> index(List<String> pieces, String which) {
        Map<String, Integer> rows = new HashMap<>(pieces.size() * 2);
        for (int i = 0; i < pieces.size(); i++) {
            Integer earlier = rows.put(pieces.get(i), i);
            if (earlier != null) {
                throw new IllegalArgumentException("the " + which + " vocabulary has the piece \"" + pieces.get(i) + "\" twice (rows " + earlier
                        + " and " + i + ")");
            }
        }
        return rows;
    }

    /** A seed of its own for each piece: FNV-1a over the piece's UTF-8, mixed with the run's seed. */
    public static long seedFor(long seed, String piece) {
        long h = 0xcbf29ce484222325L;
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h ^ (seed * 0x9E3779B97F4A7C15L);
    }
}
