package dev.fidel.gate;

import java.nio.file.Path;

/**
 * What a measurement is judged against; none of it is part of the measurement's fingerprint.
 *
 * @param maxCer the limit on the overall CER
 * @param baseline an earlier {@code report.json} (null: none)
 * @param tolerance how much the CER may exceed the baseline's
 */
public record Thresholds(double maxCer, Path baseline, double tolerance) {

    /** How many of the worst sentences a failure names. */
    public static final int WORST_LISTED = 5;
}
