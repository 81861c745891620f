package dev.fidel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.fidel.FidelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average (EMA) of the trained weights, bias-corrected so that it averages only
 * the weights the run produced: after optimizer step k it is
 * <pre>  average_k = sum_{i=1..k} decay^(k-i) w_i / sum_{i=1..k} decay^(k-i)</pre>
 * kept as {@code average += (w_k - average) * (1 - decay) / (1 - decay^k)}. Early in a run it is close to
 * the plain mean of the steps so far (the starting weights never count, so a short fine-tune is not
 * dragged back to its base); later it forgets at the rate {@code decay}.
 *
 * <p>{@link #swapIn()} puts the average into the model (validation, the checkpoint's weights) and keeps
 * the trained weights aside; {@link #swapOut()} puts them back.
 */
public final class WeightAverage {

    /** Key prefix of the trained weights in a checkpoint's training state when the average is on. */
    public static final String TRAINED = "trained/";

    private final float decay;
    private final List<ParameterGroups.Named> parameters;
    private final List<NDArray> averages = new ArrayList<>();
    private final List<NDArray> held = new ArrayList<>();
    private boolean swapped;

    /** Starts the average at the current weights (replaced by the first update). */
    public WeightAverage(ParameterGroups trained, float decay) {
        this.decay = decay;
        this.parameters = trained.all();
        for (ParameterGroups.Named p : parameters) {
            NDArray weight = p.parameter().getArray();
            NDArray average = weight.duplicate();
            NDArray aside = weight.zerosLike();
            NDScope.unregister(average, aside);
            averages.add(average);
            held.add(aside);
        }
    }

    public float decay() {
        return decay;
    }

    /** Folds in the weights after optimizer step {@code step} (1-based: the first update is step 1). */
    public void update(int step) {
        float rate = (float) ((1 - decay) / (1 - Math.pow(decay, step)));
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weight = parameters.get(i).parameter().getArray();
                NDArray average = averages.get(i);
                average.addi(weight.sub(average).muli(rate));
            }
        }
    }

    /** Puts the average into the model; the trained weights are kept until {@link #swapOut()}. */
    public void swapIn() {
        if (swapped) {
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).parameter().getArray();
            held.get(i).set(new NDIndex("..."), weight);
            weight.set(new NDIndex("..."), averages.get(i));
        }
        swapped = true;
    }

    /** Puts the trained weights back. */
    public void swapOut() {
        if (!swapped) {
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).parameter().getArray().set(new NDIndex("..."), held.get(i));
        }
        swapped = false;
    }

    /** The trained (not averaged) weights by {@code trained/<name>}, whether or not the average is swapped in. */
    public Map<String, NDArray> trained() {
        Map<String, NDArray> out = new java.util.TreeMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            out.put(TRAINED + parameters.get(i).name(), swapped ? held.get(i) : parameters.get(i).parameter().getArray());
        }
        return out;
    }

    /**
     * Resumes: the model holds a checkpoint's weights, which are the average; the trained weights come
     * from {@code state} ({@code trained/<name>}).
     */
    public void restore(Map<String, float[]> state, String source) throws FidelException {
        swapped = false;
        for (int i = 0; i < parameters.size(); i++) {
            String key = TRAINED + parameters.get(i).name();
            NDArray weight = parameters.get(i).parameter().getArray();
            float[] values = state.get(key);
            if (values == null || values.length != weight.size()) {
                throw new FidelException("the training state of " + source + " has no trained weights " + key + " of "
                        + weight.size() + " values, which resuming with <emaDecay> " + decay + " needs; the run's settings "
                        + "changed, start a new output directory");
            }
            averages.get(i).set(new NDIndex("..."), weight);
            weight.set(values);
        }
    }

    /** The average of one parameter, for tests. */
    NDArray average(String name) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).name().equals(name)) {
                return averages.get(i);
            }
        }
        throw new IllegalArgumentException("no trained parameter " + name);
    }
}
