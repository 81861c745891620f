package dev.fidel.training;

import ai.djl.ndarray.NDManager;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.checkpoint.Tensor;
import dev.fidel.model.LoraAdapters;
import dev.fidel.model.SpeechGpt;
import dev.fidel.util.TorchEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a LoRA run is checkpointed: the weights are the adapters merged into the base ({@link #mergedWeights}),
 * so the checkpoint loads into a plain {@link SpeechGpt}; the adapters themselves ({@code lora/<name>}) travel
 * in {@code optimizer.safetensors} beside their AdamW moments, and {@link #restore} sets them again on resume
 * (the base comes from the base checkpoint, as at the start of the run).
 */
final class LoraState {

    /** Prefix of the adapter tensors in {@code optimizer.safetensors}. */
    static final String PREFIX = "lora/";

    private LoraState() {
    }

    /** The model's weights with the adapters merged into the adapted projections. */
    static SafeTensors mergedWeights(SpeechGpt model, LoraAdapters lora) {
        try (NDManager merging = TorchEngine.newManager()) {
            return new SafeTensors(DjlTensors.of(lora.mergedWeights(model.getParameters(), merging)));
        }
    }

    /** The optimizer's tensors and the adapters' A and B, for {@code optimizer.safetensors}. */
    static SafeTensors withAdapters(Map<String, Tensor> optimizer, LoraAdapters lora) {
        Map<String, Tensor> out = new TreeMap<>(optimizer);
        lora.parameters().forEach((name, p) -> out.put(PREFIX + name, DjlTensors.of(p.getArray())));
        return new SafeTensors(out);
    }

    /**
     * Sets the adapters from a checkpoint's {@code optimizer.safetensors}.
     *
     * @param source the checkpoint, for the message
     */
    static void restore(LoraAdapters lora, SafeTensors optimizer, String source) throws FidelException {
        Map<String, float[]> values = new HashMap<>();
        if (optimizer != null) {
            optimizer.tensors().forEach((k, v) -> {
                if (k.startsWith(PREFIX)) {
                    values.put(k.substring(PREFIX.length()), v.floats());
                }
            });
        }
        List<String> problems = lora.restore(values);
        if (!problems.isEmpty()) {
            throw new FidelException(source + " has no fitting LoRA adapters in its training state ("
                    + String.join("; ", problems.subList(0, Math.min(3, problems.size()))) + (problems.size() > 3 ? "; ..." : "")
                    + "): it is not of this LoRA run; start a new <outputDirectory>", "outputDirectory", null);
        }
    }
}
