package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The weights of the text and code cross-entropies in the training loss (XTTS v2: 0.01 and 1). */
public record LossWeights(@JsonProperty("text") float text, @JsonProperty("code") float code) {
}
