package dev.fidel.training;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's trainable parameters split for AdamW: weight decay applies to the weight matrices of
 * {@link Linear} layers only, never to biases, norms, embeddings, positions or latents.
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
