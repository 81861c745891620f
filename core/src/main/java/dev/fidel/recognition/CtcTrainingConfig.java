package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the recognizer is trained: Adam with linear warm-up then cosine decay to a tenth over
 * {@code maxSteps}, global gradient-norm clipping. The budget is {@code maxSteps} (deterministic: the same
 * steps give the same recognizer on any machine); {@code maxSeconds} is only a safety limit, and a training
 * it cuts short is reported loudly and never cached.
 *
 * @param batchSize utterances per step (batches group utterances of similar length)
 * @param learningRate peak learning rate
 * @param warmupSteps steps of linear warm-up
 * @param maxSteps steps at most (the cosine schedule's length)
 * @param maxSeconds wall-clock safety limit in seconds (not a budget: hitting it is reported as an anomaly)
 * @param clipNorm global gradient-norm limit
 * @param seed initial weights, batch order and tempo factors
 * @param tempo speaking-rate augmentation ({@link TempoPerturbation#NONE}: off)
 */
public record CtcTrainingConfig(
        @JsonProperty("batchSize") int batchSize,
        @JsonProperty("learningRate") float learningRate,
        @JsonProperty("warmupSteps") int warmupSteps,
        @JsonProperty("maxSteps") int maxSteps,
        @JsonProperty("maxSeconds") double maxSeconds,
        @JsonProperty("clipNorm") float clipNorm,
        @JsonProperty("seed") long seed,
        @JsonProperty("tempo") TempoPerturbation tempo) {

    public CtcTrainingConfig {
        tempo = tempo == null ? TempoPerturbation.NONE : tempo;
    }

    public static CtcTrainingConfig defaults() {
        return new CtcTrainingConfig(32, 2e-3f, 150, 2500, 7200, 5f, 42, TempoPerturbation.defaults());
    }

    float learningRate(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, maxSteps - warmupSteps));
        return (float) (learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }
}
