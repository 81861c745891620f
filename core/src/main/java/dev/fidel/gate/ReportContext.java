package dev.fidel.gate;

import dev.fidel.tts.TtsCheckpoints;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code report.html} that look beyond this run: the training report of the checkpoint judged (a link
 * relative to the report's folder, so it works when the folders are opened in a browser, or a sentence saying why there
 * is none) and the CER by run from {@link CerHistory}.
 */
final class ReportContext {

    private ReportContext() {
    }

    /** The training section for the synthesizer {@code identity} (as {@link Measurement#synthesizer}), linked from {@code reportDir}. */
    static String training(Map<String, String> identity, Path reportDir) {
        String kind = identity == null ? "" : identity.getOrDefault("kind", "");
        String none = "<p id=\"training\">No training report: ";
        return switch (kind) {
            case "checkpoint" -> checkpoint(identity, reportDir);
            case "command" -> none + "the synthesizer is a command; Fidel did not train its model (its log is in "
                    + CommandSynthesizer.LOG_FOLDER + "/).</p>\n";
            case "recordings" -> none + "the clips are recordings from " + ReportHtml.esc(identity.get("recordings"))
                    + "; Fidel did not train what made them.</p>\n";
            default -> none + "the synthesizer is not a Fidel checkpoint.</p>\n";
        };
    }

    private static String checkpoint(Map<String, String> identity, Path reportDir) {
        Path folder = Path.of(identity.get("checkpoint")).toAbsolutePath().normalize();
        // finetune writes the page in its output folder: the checkpoint's parent, or the folder itself when it was given whole.
        for (Path candidate : List.of(folder.resolve(TtsCheckpoints.TRAINING_REPORT), folder.resolveSibling(TtsCheckpoints.TRAINING_REPORT))) {
            if (Files.isRegularFile(candidate)) {
                String href = relative(reportDir, candidate);
                return "<p id=\"training\">Training of the checkpoint judged (step " + ReportHtml.esc(identity.get("checkpointStep"))
                        + "), with its loss, learning rate and gradient norm: <a href=\"" + ReportHtml.esc(href) + "\">"
                        + ReportHtml.esc(href) + "</a></p>\n";
            }
        }
        return "<p id=\"training\">No training report: neither " + ReportHtml.esc(folder.toString()) + " nor its parent folder holds "
                + TtsCheckpoints.TRAINING_REPORT + " (the checkpoint was trained by a Fidel before that page existed, or moved "
                + "without its folder).</p>\n";
    }

    /** The CER-by-run section: the chart, and the runs as a table under it. */
    static String history(CerHistory history, String svg) {
        StringBuilder h = new StringBuilder("<h2>CER by run</h2>\n<div class=\"chart\">").append(svg).append("</div>\n")
                .append("<details id=\"runs\"><summary>the runs (").append(CerHistory.FILE_NAME).append(")</summary><table><tr><th>run</th>")
                .append("<th>judged (UTC)</th><th>CER</th><th>maxCer</th><th>verdict</th><th>synthesizer</th></tr>\n");
        List<CerHistory.Run> runs = history.runs();
        for (int i = runs.size() - 1; i >= 0; i--) {
            CerHistory.Run r = runs.get(i);
            h.append("<tr><td>").append(i + 1).append("</td><td>").append(ReportHtml.esc(r.date())).append("</td><td>")
                    .append(ReportHtml.fmt(r.cer())).append("</td><td>").append(ReportHtml.fmt(r.maxCer())).append("</td><td>")
                    .append(r.passed() ? "<span class=pass>passed</span>" : "<span class=fail>failed</span>").append("</td><td>")
                    .append(ReportHtml.esc(r.synthesizer())).append("</td></tr>\n");
        }
        return h.append("</table></details>\n").toString();
    }

    /**
     * {@code target} as a URL path relative to {@code dir} (both resolved through links), '/' separated and escaped; a
     * {@code file:} URI when no relative path leads there (another drive).
     */
    static String relative(Path dir, Path target) {
        Path from;
        Path to;
        try {
            from = dir.toRealPath();
            to = target.toRealPath();
        } catch (IOException e) {
            from = dir.toAbsolutePath().normalize();
            to = target.toAbsolutePath().normalize();
        }
        if (from.getRoot() == null || !from.getRoot().equals(to.getRoot())) {
            return to.toUri().toString(); // another drive: no relative path leads there
        }
        String rel = from.relativize(to).toString().replace('\\', '/');
        int slash = rel.indexOf('/');
        if (rel.substring(0, slash < 0 ? rel.length() : slash).contains(":")) {
            rel = "./" + rel; // a first segment "a:b" would read as a URI scheme
        }
        try {
            return new URI(null, null, rel, null).getRawPath();
        } catch (URISyntaxException e) {
            return rel;
        }
    }
}
