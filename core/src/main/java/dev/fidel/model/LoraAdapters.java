package dev.fidel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LoRA on a {@link SpeechGpt}: one {@link LoraAdapter} on each of the four projections (fused
 * query/key/value, attention output, MLP expand and contract) of every GPT block. The adapters live
 * beside the model, not in its block tree, so {@code model.getParameters()} stays the base model's and a
 * checkpoint holds {@link #mergedWeights merged} weights that load into a plain {@link SpeechGpt}.
 *
 * <pre>{@code
 * LoraAdapters lora = LoraAdapters.attach(model, new LoraSettings(8, 16), manager, seed);
 * // train lora.parameters() only; then save lora.mergedWeights(model.getParameters())
 * }</pre>
 */
public final class LoraAdapters {

    /** Parameter name suffixes: {@code block0.queryKeyValue.loraA} is A of block 0's query/key/value projection. */
    public static final String DOWN = "loraA";
    public static final String UP = "loraB";

    private final LoraSettings settings;
    private final Map<String, LoraAdapter> adapters;
    private final Map<Parameter, LoraAdapter> byWeight = new IdentityHashMap<>();

    private LoraAdapters(LoraSettings settings, Map<String, LoraAdapter> adapters) {
        this.settings = settings;
        this.adapters = Collections.unmodifiableMap(adapters);
        adapters.values().forEach(a -> byWeight.put(a.weight(), a));
    }

    /**
     * Adds adapters to every GPT block of an initialized model; A is drawn from a {@link Random} seeded
     * with {@code seed} (the same seed gives the same adapters), B is zero. Their arrays live in {@code manager}.
     *
     * @throws IllegalArgumentException when the rank exceeds {@link LoraSettings#maxRank} or the model has adapters already
     */
    public static LoraAdapters attach(SpeechGpt model, LoraSettings settings, NDManager manager, long seed) {
        if (settings.rank() > LoraSettings.maxRank(model.config())) {
            throw new IllegalArgumentException("LoRA rank " + settings.rank() + " exceeds the model width " + model.config().width());
        }
        Random random = new Random(seed);
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        for (int i = 0; i < model.blocks().size(); i++) {
            GptBlock block = model.blocks().get(i);
            for (Map.Entry<String, Linear> p : block.projections().entrySet()) {
                Linear linear = p.getValue();
                Shape weight = linear.getParameters().get("weight").getArray().getShape();
                long out = weight.get(0);
                long in = weight.get(1);
                String name = "block" + i + "." + p.getKey();
                Parameter down = parameter(name + "." + DOWN, manager, gaussian(random, settings.rank() * in, 1 / Math.sqrt(in)),
                        new Shape(settings.rank(), in));
                Parameter up = parameter(name + "." + UP, manager, new float[Math.toIntExact(out * settings.rank())],
                        new Shape(out, settings.rank()));
                LoraAdapter adapter = new LoraAdapter(linear, down, up, settings.scale());
                block.adapt(linear, adapter);
                adapters.put(name, adapter);
            }
        }
        return new LoraAdapters(settings, adapters);
    }

    public LoraSettings settings() {
        return settings;
    }

    /** The adapters by projection, e.g. {@code block0.queryKeyValue}. */
    public Map<String, LoraAdapter> adapters() {
        return adapters;
    }

    /** Every A and B by name ({@code block0.queryKeyValue.loraA}, {@code ...loraB}), in block order: what is trained. */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        adapters.forEach((name, a) -> {
            out.put(name + "." + DOWN, a.down());
            out.put(name + "." + UP, a.up());
        });
        return out;
    }

    /** Values in A and B together. */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /**
     * The model's parameters by name ({@code parameters} is {@code model.getParameters()}) with each adapted
     * weight replaced by {@code W + scale * B A}: what a plain {@link SpeechGpt} loads to compute what the
     * adapted model computes. New arrays are made in {@code manager}; the others are the model's own.
     */
    public Map<String, NDArray> mergedWeights(ParameterList parameters, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            LoraAdapter adapter = byWeight.get(p.getValue());
            if (adapter == null) {
                out.put(p.getKey(), p.getValue().getArray());
            } else {
                out.put(p.getKey(), adapter.mergedWeight(manager));
            }
        }
        return out;
    }

    /**
     * Sets A and B from saved values by {@link #parameters()} name.
     *
     * @return the names that are missing or have another size (empty when all were set); nothing is set unless all fit
     */
    public List<String> restore(Map<String, float[]> values) {
        List<String> problems = new ArrayList<>();
        parameters().forEach((name, p) -> {
            float[] v = values.get(name);
            if (v == null) {
                problems.add(name + " is missing");
            } else if (v.length != p.getArray().size()) {
                problems.add(name + " has " + v.length + " values, not " + p.getArray().size());
            }
        });
        if (problems.isEmpty()) {
            parameters().forEach((name, p) -> p.getArray().set(values.get(name)));
        }
        return problems;
    }

    private static Parameter parameter(String name, NDManager manager, float[] values, Shape shape) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer((m, s, type) -> m.create(values, s).toType(type, false)).optRequiresGrad(true).build();
        p.initialize(manager, DataType.FLOAT32);
        return p;
    }

    private static float[] gaussian(Random random, long count, double sigma) {
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return values;
    }
}
