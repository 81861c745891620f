package dev.fidel.recognition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fidel.util.TorchEngine;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcLossTest {

    /** -log of the summed probability of every frame path that collapses to the target, by enumeration. */
    private static double bruteForce(double[][] probs, int frames, int[] target) {
        int classes = probs[0].length;
        int paths = (int) Math.pow(classes, frames);
        double total = 0;
        int[] path = new int[frames];
        for (int code = 0; code < paths; code++) {
            int rest = code;
            double p = 1;
            for (int t = 0; t < frames; t++) {
                path[t] = rest % classes;
                rest /= classes;
                p *= probs[t][path[t]];
            }
            if (Arrays.equals(GreedyCtcDecoder.decode(path), target)) {
                total += p;
            }
        }
        return -Math.log(total);
    }

    @Test
    void equalsTheSumOverAllAlignmentsOnTinyCases() {
        Random random = new Random(7);
        int batch = 4;
        int maxFrames = 5;
        int classes = 3;
        int[] frames = {5, 4, 5, 3};
        int[][] targets = {{1, 2}, {1, 1}, {2}, {2, 1, 2}};
        float[] logits = new float[batch * maxFrames * classes];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = TorchEngine.newManager()) {
            NDArray logProbs = manager.create(logits, new Shape(batch, maxFrames, classes)).logSoftmax(2);
            float[] lp = logProbs.toFloatArray();
            float[] loss = CtcLoss.negativeLogLikelihood(logProbs, frames, targets).toFloatArray();
            for (int b = 0; b < batch; b++) {
                double[][] probs = new double[frames[b]][classes];
                for (int t = 0; t < frames[b]; t++) {
                    for (int c = 0; c < classes; c++) {
                        probs[t][c] = Math.exp(lp[(b * maxFrames + t) * classes + c]);
                    }
                }
                assertEquals(bruteForce(probs, frames[b], targets[b]), loss[b], 1e-4, "utterance " + b);
            }
        }
    }

    @Test
    void fitsCountsTheBlankThatRepeatsNeed() {
        assertTrue(CtcLoss.fits(new int[] {1, 2, 3}, 3));
        assertFalse(CtcLoss.fits(new int[] {1, 1}, 2));
        assertTrue(CtcLoss.fits(new int[] {1, 1}, 3));
    }

    @Test
    void greedyDecodingMergesRepeatsThenDropsBlanks() {
        assertArrayEquals(new int[] {3, 1, 1, 2}, GreedyCtcDecoder.decode(new int[] {0, 3, 3, 0, 1, 0, 1, 1, 2, 0}));
        assertArrayEquals(new int[] {}, GreedyCtcDecoder.decode(new int[] {0, 0}));
    }
}
