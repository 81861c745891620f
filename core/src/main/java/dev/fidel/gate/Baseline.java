package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An earlier run's figure: the overall CER of a committed {@code report.json}, whatever spoke in it.
 *
 * @param file the report
 * @param cer its overall CER
 */
public record Baseline(String file, double cer) {

    /** Reads {@code file}; a file that is not a round-trip report is a setup error naming {@code <baseline>}. */
    public static Baseline read(Path file) throws FidelException {
        RoundTripReport report;
        try {
            report = Json.read(file, RoundTripReport.class, "baseline");
        } catch (IOException e) {
            throw new FidelException("baseline " + file + " is not a round-trip report.json: " + e.getMessage(), "baseline", e);
        }
        if (!RoundTripReport.FORMAT.equals(report.format()) || report.overall() == null) {
            throw new FidelException("baseline " + file + " is not a " + RoundTripReport.FORMAT + " (format "
                    + report.format() + ")", "baseline", null);
        }
        return new Baseline(file.toString(), report.overall().cer());
    }
}
