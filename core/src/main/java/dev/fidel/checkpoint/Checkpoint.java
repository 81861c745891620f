package dev.fidel.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A checkpoint in memory: its information and its state. The model supplies {@code weights} (one
 * tensor per parameter, by the parameter's name), the trainer {@code optimizer} (e.g. AdamW's
 * moments and step counter) and {@code state} (scheduler position, RNG state, data cursor) for
 * resuming; both are null in a checkpoint kept for inference only.
 *
 * @param info checkpoint.json
 * @param weights the model's parameters: {@code weights.safetensors}
 * @param optimizer the optimizer state, or null: {@code optimizer.safetensors}
 * @param state the scheduler and RNG state, or null: {@code state.json}
 */
public record Checkpoint(CheckpointInfo info, SafeTensors weights, SafeTensors optimizer, JsonNode state) {

    public Checkpoint {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(weights, "weights");
        state = state == null ? null : CheckpointInfo.canonical(state);
    }

    public long step() {
        return info.step();
    }
}
