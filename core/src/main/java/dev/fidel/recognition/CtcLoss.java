package dev.fidel.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fidel.util.GraphScalars;

/**
 * Connectionist temporal classification loss (Graves et al. 2006): the negative log of the summed
 * probability of every frame alignment that collapses to the target. DJL 0.34 has no CTC loss, so
 * this is the forward (alpha) recursion in log space over NDArray operations, differentiable by
 * autograd. Impossible states hold a large negative number instead of minus infinity, so no
 * {@code inf - inf} appears; a target longer than its frames allow scores about {@link #IMPOSSIBLE}
 * (callers drop such pairs before training).
 */
public final class CtcLoss {

    /** Log probability of an impossible state. */
    static final float IMPOSSIBLE = -1e5f;

    private CtcLoss() {
    }

    /**
     * Per-utterance negative log-likelihood, shape {@code (B)}.
     *
     * @param logProbs {@code (B, T, C)} log-softmax outputs, blank = class 0
     * @param frames valid frames per utterance (at most T)
     * @param targets class indices per utterance (no blanks)
     */
    public static NDArray negativeLogLikelihood(NDArray logProbs, int[] frames, int[][] targets) {
        NDManager manager = logProbs.getManager();
        int batch = (int) logProbs.getShape().get(0);
        int maxFrames = (int) logProbs.getShape().get(1);
        int maxLabels = 1;
        for (int[] t : targets) {
            maxLabels = Math.max(maxLabels, t.length);
        }
        int states = 2 * maxLabels + 1;

        // Extended targets: blank, l1, blank, l2, ..., blank (padding states are blanks too).
        long[][] extended = new long[batch][states];
        float[][] skip = new float[batch][states];
        float[][] start = new float[batch][states];
        float[][] end = new float[batch][states];
        for (int b = 0; b < batch; b++) {
            int[] t = targets[b];
            for (int i = 0; i < t.length; i++) {
                extended[b][2 * i + 1] = t[i];
            }
            for (int s = 0; s < states; s++) {
                // Skipping the blank between two labels is allowed only when they differ.
                boolean canSkip = s >= 2 && extended[b][s] != CharacterSet.BLANK && extended[b][s] != extended[b][s - 2];
                skip[b][s] = canSkip ? 0f : IMPOSSIBLE;
                start[b][s] = s < 2 ? 0f : IMPOSSIBLE;
                boolean last = s == 2 * t.length || (t.length > 0 && s == 2 * t.length - 1);
                end[b][s] = last ? 0f : IMPOSSIBLE;
            }
        }
        NDArray index = manager.create(extended).reshape(batch, 1, states)
                .broadcast(new Shape(batch, maxFrames, states));
        // emit[b, t, s] = log p(extended[b][s] at frame t)
        NDArray emit = logProbs.gather(index, 2);
        NDArray skipMask = manager.create(skip);
        NDArray one = manager.full(new Shape(batch, 1), IMPOSSIBLE);
        NDArray two = manager.full(new Shape(batch, 2), IMPOSSIBLE);

        NDArray alpha = manager.create(start).add(emit.get(":, 0, :"));
        for (int t = 1; t < maxFrames; t++) {
            NDArray stay = alpha;
            NDArray step = NDArrays.concat(new NDList(one, alpha.get(":, :-1")), 1);
            NDArray jump = NDArrays.concat(new NDList(two, alpha.get(":, :-2")), 1).add(skipMask);
            NDArray next = logSumExp(NDArrays.stack(new NDList(stay, step, jump), 2), 2).add(emit.get(":, " + t + ", :"));
            float[] active = new float[batch];
            for (int b = 0; b < batch; b++) {
                active[b] = t < frames[b] ? 1f : 0f;
            }
            NDArray keep = manager.create(active).reshape(batch, 1);
            // Utterances that have ended keep their last alpha.
            alpha = next.mul(keep).add(alpha.mul(GraphScalars.plus(keep.neg(), 1)));
        }
        return logSumExp(alpha.add(manager.create(end)), 1).neg();
    }

    /**
     * The training loss: negative log-likelihood divided by target length, averaged over the batch
     * (PyTorch's {@code reduction='mean'}).
     */
    public static NDArray meanLoss(NDArray logProbs, int[] frames, int[][] targets) {
        float[] lengths = new float[targets.length];
        for (int b = 0; b < targets.length; b++) {
            lengths[b] = Math.max(1, targets[b].length);
        }
        NDArray nll = negativeLogLikelihood(logProbs, frames, targets);
        return nll.div(logProbs.getManager().create(lengths)).mean();
    }

    /** Whether {@code frames} frames can carry {@code target} (repeats need a blank between them). */
    public static boolean fits(int[] target, int frames) {
        int needed = target.length;
        for (int i = 1; i < target.length; i++) {
            if (target[i] == target[i - 1]) {
                needed++;
            }
        }
        return needed <= frames;
    }

    private static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
    }
}
