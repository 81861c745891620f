package dev.fidel.training;

import dev.fidel.tts.TtsCheckpoints;
import java.util.Locale;

/**
 * {@value #FILE_NAME}: the page a person opens after {@code finetune}, in its output folder beside {@code metrics.jsonl}:
 * a summary, the loss with the learning rate and gradient norm next to it, and a link to the round-trip report
 * ({@code verify-roundtrip} links back to this page from the checkpoint it judged).
 */
public final class TrainingReport {

    public static final String FILE_NAME = TtsCheckpoints.TRAINING_REPORT;
    /** Where {@code verify-roundtrip}'s report is when both goals keep their default folders, from this page's folder. */
    static final String ROUNDTRIP_BY_DEFAULT = "../roundtrip/";

    private TrainingReport() {
    }

    /**
     * What the page states in figures.
     *
     * @param metrics the metrics file's name
     * @param steps the last optimizer step recorded
     * @param firstValidationCe the validation code cross-entropy before training (NaN when none)
     * @param lastValidationCe the last one (NaN when none)
     * @param learningRate the last scheduled learning rate
     * @param largestGradientNorm the largest gradient norm before clipping
     * @param clippedSteps steps whose gradient was clipped
     * @param skippedSteps steps skipped for a non-finite loss or gradient
     * @param msPerStep milliseconds per optimizer step, last logged
     * @param codeTokensPerSecond throughput, last logged
     */
    record Summary(String metrics, int steps, double firstValidationCe, double lastValidationCe, double learningRate,
            double largestGradientNorm, long clippedSteps, long skippedSteps, double msPerStep, double codeTokensPerSecond) {
    }

    /** The page: {@code loss}, {@code rate} and {@code norm} are inline SVG charts; {@code lossFile} the loss chart's own file. */
    static String html(Summary s, String loss, String rate, String norm, String lossFile) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fidel training report</title>\n<style>")
                .append("body{font-family:'Noto Sans','Noto Sans Ethiopic','Abyssinica SIL',Nyala,'Segoe UI',Arial,sans-serif;margin:2em;")
                .append("color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append(".charts{display:grid;grid-template-columns:minmax(0,9fr) minmax(0,7fr);gap:16px;max-width:1600px}")
                .append(".side{display:grid;gap:16px}@media (max-width:900px){.charts{grid-template-columns:minmax(0,1fr)}}")
                .append("svg{width:100%;height:auto;border:1px solid #eee}img.history{max-width:100%;border:1px solid #eee}")
                .append("</style></head><body>\n<h1>Training</h1>\n");
        h.append("<table>\n");
        row(h, "optimizer steps", String.valueOf(s.steps()));
        row(h, "validation code cross-entropy", Double.isNaN(s.firstValidationCe()) ? "not measured"
                : String.format(Locale.ROOT, "%.4f &rarr; %.4f nats per code (%.1f%% lower)", s.firstValidationCe(), s.lastValidationCe(),
                        100 * (s.firstValidationCe() - s.lastValidationCe()) / s.firstValidationCe()));
        row(h, "learning rate, last", String.format(Locale.ROOT, "%.3g", s.learningRate()));
        row(h, "largest gradient norm", String.format(Locale.ROOT, "%.3g; steps clipped: %d, skipped: %d", s.largestGradientNorm(),
                s.clippedSteps(), s.skippedSteps()));
        row(h, "speed, last logged", String.format(Locale.ROOT, "%.0f ms per step, %.0f code tokens/s", s.msPerStep(),
                s.codeTokensPerSecond()));
        h.append("</table>\n<p>From <a href=\"").append(s.metrics()).append("\">").append(s.metrics())
                .append("</a> in this folder; the loss chart alone is <a href=\"").append(lossFile).append("\">").append(lossFile)
                .append("</a>.</p>\n");
        h.append("<div class=\"charts\"><div>").append(loss).append("</div>\n<div class=\"side\"><div>").append(rate)
                .append("</div>\n<div>").append(norm).append("</div></div></div>\n");
        roundTrip(h);
        return h.append("</body></html>\n").toString();
    }

    /**
     * The round-trip report, where {@code verify-roundtrip} writes it by default. Whether it exists is known only when the
     * page is viewed (the gate runs after training): its CER history chart is loaded as an image, and when that fails the
     * link is replaced by a sentence saying so.
     */
    private static void roundTrip(StringBuilder h) {
        String report = ROUNDTRIP_BY_DEFAULT + "report.html";
        h.append("<h2>Round trip</h2>\n<p id=\"roundtrip\">The round-trip report on this run's checkpoints, in verify-roundtrip's "
                + "default folder: <a href=\"").append(report).append("\">").append(report).append("</a></p>\n")
                .append("<img class=\"history\" id=\"cer-history\" alt=\"the round-trip gate's CER by run\" src=\"")
                .append(ROUNDTRIP_BY_DEFAULT).append("cer-history.svg\" onerror=\"document.getElementById('roundtrip').textContent="
                        + "'No round-trip report beside this folder (")
                .append(report).append(" does not exist): verify-roundtrip has not judged this run yet, or it writes to another "
                        + "outputDirectory.';this.remove()\">\n");
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(name).append("</th><td>").append(value).append("</td></tr>\n");
    }
}
