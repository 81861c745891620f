package dev.fidel.gate;

import dev.fidel.VerdictException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gate's judgement of a {@link Measurement}: a pure function of the measurement, the {@link Thresholds} and the
 * baseline's figure. Nothing is synthesized or heard again to judge with other thresholds.
 *
 * @param passed whether the measurement passed
 * @param failures why it failed, one line each (empty when it passed)
 * @param baseline the comparison with the baseline (null without one)
 * @param failedSetting the setting a failure is about: {@code maxCer} or {@code baseline} (null when it passed)
 */
public record Verdict(boolean passed, List<String> failures, RoundTripReport.BaselineComparison baseline, String failedSetting) {

    /** Judges {@code measurement} against {@code thresholds} and {@code baseline} (null: none). */
    public static Verdict judge(Measurement measurement, Thresholds thresholds, Baseline baseline) {
        Figures overall = measurement.overall();
        List<String> failures = new ArrayList<>();
        String setting = null;
        if (overall.cer() > thresholds.maxCer()) {
            failures.add(String.format(Locale.ROOT, "CER %.3f over %d sentences is above maxCer %.3f", overall.cer(),
                    overall.sentences(), thresholds.maxCer()));
            setting = "maxCer";
        }
        RoundTripReport.BaselineComparison comparison = baseline == null ? null
                : new RoundTripReport.BaselineComparison(baseline.file(), baseline.cer(), thresholds.tolerance(), overall.cer(),
                        overall.cer() > baseline.cer() + thresholds.tolerance());
        if (comparison != null && comparison.regressed()) {
            failures.add(String.format(Locale.ROOT, "CER %.3f regressed from the baseline's %.3f by more than the tolerance %.3f (%s)",
                    overall.cer(), comparison.baselineCer(), comparison.tolerance(), comparison.file()));
            setting = setting == null ? "baseline" : setting;
        }
        List<SentenceResult> findings = measurement.findings();
        if (!failures.isEmpty() && !findings.isEmpty()) {
            Map<String, Integer> counts = new TreeMap<>();
            findings.forEach(r -> counts.merge(r.finding().kind().word(), 1, Integer::sum));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d of %d clips were not heard and scored CER 1.0:",
                    findings.size(), measurement.sentences().size()));
            counts.forEach((word, n) -> line.append(' ').append(n).append(' ').append(word).append(','));
            line.setLength(line.length() - 1);
            failures.add(line.toString());
        }
        return new Verdict(failures.isEmpty(), List.copyOf(failures), comparison, setting);
    }

    /** Throws when {@code report} failed, naming the worst sentences and, for a clip not heard, why. */
    public static void check(RoundTripReport report) throws VerdictException {
        if (report.passed()) {
            return;
        }
        StringBuilder message = new StringBuilder(String.join("; ", report.failures()));
        message.append(". Worst sentences:");
        report.sentences().stream().sorted(Comparator.comparingDouble(SentenceResult::cer).reversed()).limit(Thresholds.WORST_LISTED)
                .forEach(r -> message.append(r.finding() != null
                        ? String.format(Locale.ROOT, "%n  %s CER %.3f: \"%s\" not heard: %s (%s)", r.id(), r.cer(), r.text(),
                                r.finding().kind().word(), r.finding().detail())
                        : String.format(Locale.ROOT, "%n  %s CER %.3f: \"%s\" heard as \"%s\"", r.id(), r.cer(), r.text(),
                                r.transcript())));
        throw new VerdictException(message.toString(), report.failedSetting());
    }
}
