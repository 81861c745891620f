package dev.fidel.checkpoint;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.distinctLists;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.stringsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resizing by piece string: shared pieces copied exactly wherever they sit, new ones composed, only the rest random. */
class EmbeddingResizerTest {

    /** A toy base tokenizer: each character that is a base piece, in order; other characters are unknown. */
    private static PieceSplitter characters(List<String> basePieces) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < basePieces.size(); i++) {
            ids.put(basePieces.get(i), i);
        }
        return piece -> piece.codePoints().mapToObj(Character::toString).filter(ids::containsKey).mapToInt(ids::get).toArray();
    }

    private static float[] matrix(int rows, int dim, long seed) {
        return Fixtures.floats(new Random(seed), rows * dim);
    }

    @Test
    void sharedPiecesAreCopiedComposedOnesAreTheMeanAndTheRestRandom() {
        forAll(300, distinctLists(stringsOf("abcde\u1200\u1208\u1218\u2581", 1, 3), 1, 40).and(ANY.integers(1, 6)).and(ANY.longs()).trials(),
                c -> checkResize(c._1(), c._2(), c._3()));
    }

    private static void checkResize(List<String> pieces, int dim, long seed) {
        Random random = new Random(seed);
        List<String> base = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String piece : pieces) {
            int where = random.nextInt(3); // base only, new only, or both
            if (where != 1) {
                base.add(piece);
            }
            if (where != 0) {
                fresh.add(piece);
            }
        }
        Collections.shuffle(base, random);
        Collections.shuffle(fresh, random);
        float[] baseMatrix = matrix(base.size(), dim, seed);
        PieceSplitter splitter = characters(base);

        EmbeddingResizer.Result result = EmbeddingResizer.resize(base, fresh, splitter, baseMatrix, dim, seed);
        assertEquals(fresh.size(), result.rows());
        int copied = 0;
        int composed = 0;
        for (int i = 0; i < fresh.size(); i++) {
            String piece = fresh.get(i);
            float[] row = result.row(i);
            int at = base.indexOf(piece);
            int[] parts = splitter.split(piece);
            if (at >= 0) {
                float[] expected = new float[dim];
                System.arraycopy(baseMatrix, at * dim, expected, 0, dim);
                assertArrayEquals(expected, row, "\"" + piece + "\" must be the base row of the same string");
                copied++;
            } else if (parts.length > 0) {
                for (int d = 0; d < dim; d++) {
                    double sum = 0;
                    for (int id : parts) {
                        sum += baseMatrix[id * dim + d];
                    }
                    assertEquals(sum / parts.length, row[d], 1e-6, "\"" + piece + "\" must be the mean of its parts");
                }
                composed++;
            } else {
                assertTrue(result.randomPieces().contains(piece), piece);
            }
        }
        assertEquals(copied, result.copied());
        assertEquals(composed, result.composed());
        assertEquals(fresh.size() - copied - composed, result.random());

        // Deterministic, and position-free: the same seed gives each piece the same row whatever the order.
        assertArrayEquals(result.matrix(), EmbeddingResizer.resize(base, fresh, splitter, baseMatrix, dim, seed).matrix());
        List<String> reordered = new ArrayList<>(fresh);
        Collections.shuffle(reordered, random);
        EmbeddingResizer.Result again = EmbeddingResizer.resize(base, reordered, splitter, baseMatrix, dim, seed);
        for (int i = 0; i < reordered.size(); i++) {
            assertArrayEquals(result.row(fresh.indexOf(reordered.get(i))), again.row(i), reordered.get(i));
        }
        if (result.random() > 0) {
            assertFalse(java.util.Arrays.equals(result.matrix(), EmbeddingResizer.resize(base, fresh, splitter, baseMatrix, dim, seed + 1).matrix()),
                    "another seed draws other random rows");
        }
    }

    @Test
    void amharicExampleReportsItsCounts() {
        List<String> base = List.of("<unk>", "\u2581", "\u1230", "\u120b", "\u121d", "\u2581\u1230\u120b\u121d", "\u12a0");
        List<String> fresh = List.of("\u2581\u1230\u120b\u121d", "<unk>", "\u1230\u120b", "\u12a0\u121b\u122d\u129b", "\ud83d\ude00");
        PieceSplitter splitter = piece -> switch (piece) {
            case "\u1230\u120b" -> new int[] {2, 3};
            case "\u12a0\u121b\u122d\u129b" -> new int[] {6};
            default -> new int[0];
        };
        float[][] rows = new float[base.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {i, 10 * i};
        }
        EmbeddingResizer.Result result = EmbeddingResizer.resize(base, fresh, splitter, rows, 7);
        assertEquals("copied 2, composed 2, random 1", result.summary());
        assertEquals(List.of("\ud83d\ude00"), result.randomPieces());
        assertArrayEquals(new float[] {5, 50}, result.row(0));
        assertArrayEquals(new float[] {0, 0}, result.row(1));
        assertArrayEquals(new float[] {2.5f, 25f}, result.row(2));
        assertArrayEquals(new float[] {6, 60}, result.row(3));
        assertArrayEquals(new long[] {5, 2}, result.tensor().shape());
    }

    @Test
    void randomRowsAreNormalWithStandardDeviationTwoHundredths() {
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            fresh.add("piece" + i);
        }
        EmbeddingResizer.Result result = EmbeddingResizer.resize(List.of("x"), fresh, piece -> new int[0], new float[64], 64, 1);
        assertEquals(2000, result.random());
        double sum = 0;
        double squares = 0;
        for (float v : result.matrix()) {
            sum += v;
            squares += (double) v * v;
        }
        double n = result.matrix().length;
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertEquals(0, mean, 0.0005);
        assertEquals(0.02, std, 0.0005);
    }

    @Test
    void worksOnATensorAndRefusesBadInput() {
        Tensor base = Tensor.f32(new float[] {1, 2, 3, 4}, 2, 2);
        EmbeddingResizer.Result result = EmbeddingResizer.resize(List.of("a", "b"), List.of("b", "a"), p -> new int[0], base, 0);
        assertArrayEquals(new float[] {3, 4, 1, 2}, result.matrix());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingResizer.resize(List.of("a", "a"), List.of("a"), p -> new int[0], base, 0));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingResizer.resize(List.of("a", "b"), List.of("c"), p -> new int[] {2}, base, 0));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingResizer.resize(List.of("a"), List.of("c"), p -> new int[0], base, 0));
    }
}
