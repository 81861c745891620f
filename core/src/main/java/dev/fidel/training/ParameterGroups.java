package dev.fidel.training;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import dev.fidel.model.LoraAdapters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A model's trainable parameters split for AdamW: weight decay applies to the weight matrices of
 * {@link Linear} layers only, never to biases, norms, embeddings, positions or latents. LoRA's A and B
 * ({@link #lora}) are weight matrices too and are decayed like them (as in the LoRA paper's GPT-2
 * runs); only they are trained in a LoRA run.
 */
public record ParameterGroups(List<Named> decayed, List<Named> notDecayed) {

    /** A parameter with its path in the block tree, e.g. {@code block0.queryKeyValue.weight}. */
    public record Named(String name, Parameter parameter) {
    }

    public static ParameterGroups of(Block model) {
        List<Named> decayed = new ArrayList<>();
        List<Named> notDecayed = new ArrayList<>();
        collect("", model, decayed, notDecayed);
        return new ParameterGroups(List.copyOf(decayed), List.copyOf(notDecayed));
    }

    /** LoRA's trained parameters: every adapter's A and B, all decayed. */
    public static ParameterGroups lora(LoraAdapters adapters) {
        List<Named> decayed = new ArrayList<>();
        adapters.parameters().forEach((name, parameter) -> decayed.add(new Named(name, parameter)));
        return new ParameterGroups(List.copyOf(decayed), List.of());
    }

    /** These groups without the first {@code layers} GPT blocks ({@code block0.} ...) and, if {@code conditioning}, the conditioning encoder. */
    public ParameterGroups withoutFrozen(int layers, boolean conditioning) {
        Predicate<Named> trained = n -> {
            for (int i = 0; i < layers; i++) {
                if (n.name().startsWith("block" + i + ".")) {
                    return false;
                }
            }
            return !(conditioning && n.name().startsWith("conditioning."));
        };
        return new ParameterGroups(decayed.stream().filter(trained).toList(), notDecayed.stream().filter(trained).toList());
    }

    /**
     * Stops gradients for every parameter of {@code model} not in {@code trained} (the engine then skips
     * their gradient computation; they stay exactly as they are).
     *
     * @return the values frozen
     */
    public static long freezeExcept(Block model, ParameterGroups trained) {
        Set<Parameter> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        trained.all().forEach(n -> keep.add(n.parameter()));
        long frozen = 0;
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (!keep.contains(p.getValue())) {
                p.getValue().freeze(true);
                frozen += p.getValue().getArray().size();
            }
        }
        return frozen;
    }

    public List<Named> all() {
        List<Named> all = new ArrayList<>(decayed);
        all.addAll(notDecayed);
        return all;
    }

    public long parameterCount() {
        return all().stream().mapToLong(n -> n.parameter().getArray().size()).sum();
    }

    private static void collect(String prefix, Block block, List<Named> decayed, List<Named> notDecayed) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            boolean matrix = block instanceof Linear && parameter.getType() == Parameter.Type.WEIGHT;
            (matrix ? decayed : notDecayed).add(new Named(prefix + p.getKey(), parameter));
        }
        for (Pair<String, Block> child : block.getChildren()) {
            // DJL prefixes child names with their index ("01conditioning"); the path keeps the name alone.
            String name = child.getKey().replaceFirst("^\\d+", "");
            collect(prefix + name + ".", child.getValue(), decayed, notDecayed);
        }
    }
}
