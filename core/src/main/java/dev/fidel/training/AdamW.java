package dev.fidel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW with decoupled weight decay applied only to {@link ParameterGroups#decayed()} (DJL's Adam has
 * no per-group decay). Updates in place with the engine's gradient mode off.
 */
public final class AdamW {

    /** Betas, epsilon and decay; the defaults are XTTS's. */
    public record Settings(float beta1, float beta2, float epsilon, float weightDecay) {
        public static Settings defaults() {
            return new Settings(0.9f, 0.96f, 1e-8f, 0.01f);
        }
    }

    private final Settings settings;
    private final List<Slot> slots = new ArrayList<>();
    private int step;

    private record Slot(ParameterGroups.Named parameter, boolean decay, NDArray mean, NDArray variance) {
    }

    public AdamW(ParameterGroups groups, Settings settings) {
        this.settings = settings;
        for (ParameterGroups.Named p : groups.decayed()) {
            slots.add(slot(p, true));
        }
        for (ParameterGroups.Named p : groups.notDecayed()) {
            slots.add(slot(p, false));
        }
    }

    /** Optimizer steps taken so far. */
    public int step() {
        return step;
    }

    /**
     * Applies one update with the gradients scaled by {@code gradientScale} (for clipping), and sets the gradients
     * to zero. Per parameter: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
     * {@code w -= lr (w decay + (m / c1) / (sqrt(v / c2) + eps))} with {@code c = 1 - b^step}. It runs as one
     * fused in-place engine update per parameter (no full-size temporaries outlive it), written as
     * {@code (lr sqrt(c2) / c1) m / (sqrt(v) + eps sqrt(c2))}, the same value.
     */
    public void update(float learningRate, float gradientScale) {
        step++;
        float b1 = settings.beta1();
        float b2 = settings.beta2();
        double correction1 = 1 - Math.pow(b1, step);
        double correction2 = 1 - Math.pow(b2, step);
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        float epsilon = (float) (settings.epsilon() * Math.sqrt(correction2));
        for (Slot slot : slots) {
            NDArray weight = slot.parameter().parameter().getArray();
            // adamw=true: w -= w * lr * decay first; clipGradient -1: no element clipping.
            weight.getNDArrayInternal().adamUpdate(new NDList(weight, weight.getGradient(), slot.mean(), slot.variance()),
                    new NDList(weight), learningRate, stepSize, slot.decay() ? settings.weightDecay() : 0f, gradientScale,
                    -1f, b1, b2, epsilon, false, slot.decay());
        }
    }

    /** The moments by parameter name ({@code mean/<name>}, {@code variance/<name>}): what a checkpoint saves. */
    public java.util.Map<String, NDArray> state() {
        java.util.Map<String, NDArray> state = new java.util.TreeMap<>();
        for (Slot slot : slots) {
            state.put("mean/" + slot.parameter().name(), slot.mean());
            state.put("variance/" + slot.parameter().name(), slot.variance());
        }
        return state;
    }

    /**
     * Restores the moments saved by {@link #state()} and the step counter, refusing state that does not fit.
     *
     * @param source what the state is, for the message
     */
    public void restore(java.util.Map<String, float[]> state, int step, String source) throws dev.fidel.FidelException {
        for (Slot slot : slots) {
            for (String kind : new String[] {"mean/", "variance/"}) {
                float[] values = state.get(kind + slot.parameter().name());
                NDArray target = kind.equals("mean/") ? slot.mean() : slot.variance();
                if (values == null || values.length != target.size()) {
                    throw new dev.fidel.FidelException("the optimizer state of " + source + " does not fit the trained parameters: "
                            + kind + slot.parameter().name() + (values == null ? " is missing" : " has " + values.length
                            + " values, not " + target.size()) + "; the run's mode or model changed, start a new output directory");
                }
                target.set(values);
            }
        }
        this.step = step;
    }

    /** Sets every gradient to zero (also after a non-finite one, which subtracting would keep); {@link #update} does it itself. */
    public void zeroGradients() {
        for (Slot slot : slots) {
            slot.parameter().parameter().getArray().getGradient().set(new NDIndex("..."), 0f);
        }
    }

    /** Global L2 norm of all gradients (NaN or infinite when any gradient is), read back once. */
    public double gradientNorm() {
        if (slots.isEmpty()) {
            return 0;
        }
        NDList norms = new NDList(slots.size());
        for (Slot slot : slots) {
            norms.add(slot.parameter().parameter().getArray().getGradient().norm());
        }
        return NDArrays.stack(norms).norm().getFloat();
    }

    private static Slot slot(ParameterGroups.Named p, boolean decay) {
        NDArray weight = p.parameter().getArray();
        NDArray mean = weight.zerosLike();
        NDArray variance = weight.zerosLike();
        return new Slot(p, decay, mean, variance);
    }
}
