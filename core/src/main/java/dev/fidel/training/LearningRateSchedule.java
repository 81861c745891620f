package dev.fidel.training;

import java.util.List;

/**
 * Learning rate by optimizer step (never by epoch): linear warm-up over {@code warmupSteps}, then
 * {@code peak * gamma^k} where k is the number of milestones (in optimizer steps) already reached.
 */
public record LearningRateSchedule(float peak, int warmupSteps, List<Integer> milestoneSteps, float gamma) {

    public LearningRateSchedule {
        milestoneSteps = List.copyOf(milestoneSteps);
        for (int i = 1; i < milestoneSteps.size(); i++) {
            if (milestoneSteps.get(i) <= milestoneSteps.get(i - 1)) {
                throw new IllegalArgumentException("milestones (in optimizer steps) must increase: " + milestoneSteps);
            }
        }
    }

    /** The rate for optimizer step {@code step} (0-based: the first update is step 0). */
    public float at(int step) {
        float rate = peak;
        if (warmupSteps > 0 && step < warmupSteps) {
            rate = peak * (step + 1) / warmupSteps;
        }
        for (int milestone : milestoneSteps) {
            if (step >= milestone) {
                rate *= gamma;
            }
        }
        return rate;
    }
}
