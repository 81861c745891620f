package dev.fidel.training;

/** The weights of the text and code cross-entropies in the training loss (XTTS v2: 0.01 and 1). */
public record LossWeights(float text, float code) {
}
