package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How long and on what batches a run trains.
 *
 * @param maxSteps optimizer steps at the end (raising it continues a finished run)
 * @param batchFrames padded mel frames a batch holds at most (length-bucketed)
 * @param gradAccumSteps batches whose gradients are summed (token-weighted) into one optimizer step
 * @param seed data order, initialization, dropout
 */
public record Run(@JsonProperty("maxSteps") int maxSteps, @JsonProperty("batchFrames") int batchFrames,
        @JsonProperty("gradAccumSteps") int gradAccumSteps, @JsonProperty("seed") long seed) {
}
