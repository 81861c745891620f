package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import java.util.List;
import java.util.Locale;

/**
 * The learning-rate schedule as configured: linear warm-up, then the rate multiplied by {@code gamma} at each milestone.
 * Milestones may be given in epochs; {@link #milestoneSteps} is the one place they become optimizer steps.
 *
 * @param warmupSteps optimizer steps of linear warm-up
 * @param milestones where the rate is lowered, in {@code unit}, positive and increasing
 * @param unit what the milestones count
 * @param gamma the factor at each milestone
 */
public record Schedule(@JsonProperty("warmupSteps") int warmupSteps, @JsonProperty("milestones") List<Integer> milestones,
        @JsonProperty("unit") Unit unit, @JsonProperty("gamma") float gamma) {

    /** What {@code <milestones>} count ({@code <milestoneUnit>}). */
    public enum Unit {
        STEPS, EPOCHS;

        /** The name in the POM and in the checkpoint ({@code steps}). */
        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Schedule {
        milestones = List.copyOf(milestones);
    }

    /** Refuses milestones that are not positive and increasing. */
    void check() throws FidelException {
        for (int i = 0; i < milestones.size(); i++) {
            int m = milestones.get(i);
            if (m < 1 || (i > 0 && m <= milestones.get(i - 1))) {
                throw new FidelException("<milestones> " + milestones + " (in " + unit.key() + ") must be positive and "
                        + "increasing: each one multiplies the learning rate by <gamma> once", "milestones", null);
            }
        }
    }

    /**
     * The milestones in optimizer steps. Epochs are converted with the optimizer steps of one epoch
     * (batches per epoch / {@code gradAccumSteps}) and the log says both numbers. A milestone that would
     * fall at or after {@code maxSteps} never lowers the rate, so it is refused, in either unit.
     */
    public List<Integer> milestoneSteps(int batchesPerEpoch, int gradAccumSteps, int maxSteps, EventSink events) throws FidelException {
        double stepsPerEpoch = (double) batchesPerEpoch / gradAccumSteps;
        List<Integer> steps = milestones;
        String epochs = String.format("%.1f", maxSteps / stepsPerEpoch);
        if (unit == Unit.EPOCHS) {
            steps = milestones.stream().map(e -> (int) Math.round(e * stepsPerEpoch)).toList();
            events.info("milestones " + milestones + " in epochs are optimizer steps " + steps + " (" + batchesPerEpoch
                    + " batches per epoch / <gradAccumSteps> " + gradAccumSteps + " = " + fraction(stepsPerEpoch)
                    + " optimizer steps per epoch; <maxSteps> " + maxSteps + " is " + epochs + " epochs)");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) >= maxSteps) {
                String which = unit == Unit.EPOCHS
                        ? milestones.get(i) + " epochs (optimizer step " + steps.get(i) + " at " + fraction(stepsPerEpoch)
                                + " steps per epoch)"
                        : "step " + steps.get(i);
                throw new FidelException("<milestones> " + which + " is not before <maxSteps> " + maxSteps + " (" + epochs
                        + " epochs): the learning rate would never be lowered there. Lower the milestone, raise <maxSteps>, or check "
                        + "<milestoneUnit> (" + unit.key() + ")", "milestones", null);
            }
        }
        return steps;
    }

    private static String fraction(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.2f", value);
    }
}
