package dev.fidel.gate;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** A self-contained {@code report.html}: figures, baseline, and per sentence the audio and its mel, inlined. */
final class ReportHtml {

    private ReportHtml() {
    }

    /** The page; {@code context} is the HTML of {@link ReportContext} (training link, CER by run), shown after the figures. */
    static String render(RoundTripReport report, List<byte[]> wavs, List<float[][]> mels, String context) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"am\"><head><meta charset=\"utf-8\"><title>Fidel round trip</title>\n")
                .append("<style>body{font-family:'Noto Sans Ethiopic','Abyssinica SIL',Nyala,'Ebrima','Segoe UI',Arial,sans-serif;margin:2em}")
                .append("mark.miss{background:#fcc}mark.extra{background:#fe9}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}.fail{color:#b00}.pass{color:#070}.warn{color:#a60}")
                .append("img{image-rendering:pixelated;height:80px}svg{max-width:100%;height:auto}</style></head><body>\n");
        h.append("<h1>Round trip: ").append(report.passed() ? "<span class=pass>passed</span>" : "<span class=fail>failed</span>")
                .append("</h1>\n<table><tr><th>set</th><th>sentences</th><th>CER</th><th>WER</th><th>CER ignoring spaces</th></tr>\n");
        row(h, "model, all sentences", report.overall());
        row(h, "model, seen in training", report.seen());
        row(h, "model, unseen", report.unseen());
        row(h, "codec ceiling (real audio through codes and vocoder)", report.codecCeiling());
        row(h, "recognizer on real recordings", report.recognizerOnRealRecordings());
        h.append("</table>\n<p>Figures are on the spoken form of the normalized text: white space collapsed, and left out of "
                + "both sides:");
        if (report.notScored().isEmpty()) {
            h.append(" nothing in these sentences.</p>\n");
        } else {
            h.append("</p>\n<table><tr><th>character</th><th>code point</th><th>occurrences</th><th>why</th></tr>\n");
            for (NotScored n : report.notScored()) {
                h.append("<tr><td>").append(esc(n.character())).append("</td><td>").append(n.codePoint()).append("</td><td>")
                        .append(n.count()).append("</td><td>").append(esc(n.reason())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        String listenerReport = report.inputs() == null ? null : report.inputs().get("listenerReport");
        if (listenerReport != null) {
            h.append("<p>Listener: ").append(esc(report.inputs().get("recognizer"))).append("; its own figures (held-out real "
                    + "recordings, per speaker): <a href=\"").append(esc(java.nio.file.Path.of(listenerReport).toUri().toString()))
                    .append("\">").append(esc(listenerReport)).append("</a></p>\n");
        }
        synthesizer(h, report.synthesizer());
        h.append("<p>maxCer ").append(fmt(report.maxCer())).append("; synthesis real-time factor ")
                .append(fmt(report.synthesisRealTimeFactor())).append("</p>\n");
        if (report.baseline() != null) {
            RoundTripReport.BaselineComparison b = report.baseline();
            h.append("<p>Baseline ").append(esc(b.file())).append(": CER ").append(fmt(b.baselineCer())).append(" + tolerance ")
                    .append(fmt(b.tolerance())).append(" vs this run ").append(fmt(b.cer())).append(b.regressed()
                            ? " <span class=fail>regressed</span>" : " <span class=pass>no regression</span>").append("</p>\n");
        }
        h.append(context);
        for (String f : report.failures()) {
            h.append("<p class=fail>").append(esc(f)).append("</p>\n");
        }
        for (String w : report.warnings()) {
            h.append("<p class=warn><b>Warning:</b> ").append(esc(w).replace("\n", "<br>\n")).append("</p>\n");
        }
        h.append("<p>Expected (the spoken form of the normalized text, as scored) above, heard below: "
                + "<mark class=miss>missed or misheard</mark>, "
                + "<mark class=extra>heard but not said</mark>.</p>\n");
        h.append("<table><tr><th>id</th><th>text / expected / heard</th><th>CER</th><th>seen</th><th>audio</th><th>mel</th></tr>\n");
        for (int i = 0; i < report.sentences().size(); i++) {
            SentenceResult r = report.sentences().get(i);
            h.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.text())).append("<br>");
            if (r.finding() != null) {
                h.append(esc(r.normalizedText())).append("<br><i><span class=fail>").append(esc(r.finding().kind().word()))
                        .append("</span>: ").append(esc(r.finding().detail()));
            } else {
                // What was scored: the spoken forms (a measurement of format 1 has none; then the texts as they were).
                String[] diff = r.scoredText() != null ? CharacterDiff.html(r.scoredText(), r.scoredTranscript())
                        : CharacterDiff.html(r.normalizedText() == null ? r.text() : r.normalizedText(), r.transcript());
                h.append(diff[0]).append("<br><i>").append(diff[1]);
            }
            h.append("</i></td><td>").append(fmt(r.cer())).append("</td><td>")
                    .append(r.seenInTraining() ? "seen" : "unseen").append("</td><td>");
            if (wavs.get(i).length > 0) {
                h.append("<audio controls src=\"data:audio/wav;base64,").append(Base64.getEncoder().encodeToString(wavs.get(i)))
                        .append("\"></audio>");
            }
            h.append("</td><td>");
            float[][] mel = mels.get(i);
            if (mel.length > 0) {
                h.append("<img alt=\"mel\" src=\"data:image/png;base64,").append(png(mel)).append("\">");
            }
            h.append("</td></tr>\n");
        }
        return h.append("</table></body></html>\n").toString();
    }

    /** What spoke, in a few words, and its whole identity (checkpoint and step, or command and input hashes) folded. */
    private static void synthesizer(StringBuilder h, Map<String, String> identity) {
        h.append("<p>Synthesizer: ").append(esc(CerHistory.describe(identity))).append("</p>\n");
        if (identity != null && identity.size() > 1) {
            h.append("<details><summary>its identity</summary><table>\n");
            identity.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
            h.append("</table></details>\n");
        }
    }

    private static void row(StringBuilder h, String name, Figures f) {
        if (f != null) {
            h.append("<tr><td>").append(name).append("</td><td>").append(f.sentences()).append("</td><td>")
                    .append(fmt(f.cer())).append("</td><td>").append(fmt(f.wer())).append("</td><td>")
                    .append(fmt(f.cerIgnoringSpaces())).append("</td></tr>\n");
        }
    }

    /** The mel as a grey PNG, one pixel per frame and band, low bands at the bottom. */
    static String png(float[][] mel) {
        int bands = mel[0].length;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float[] frame : mel) {
            for (float v : frame) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        float range = Math.max(1e-6f, max - min);
        BufferedImage image = new BufferedImage(mel.length, bands, BufferedImage.TYPE_BYTE_GRAY);
        for (int f = 0; f < mel.length; f++) {
            for (int m = 0; m < bands; m++) {
                float v = Float.isFinite(mel[f][m]) ? (mel[f][m] - min) / range : 0;
                int g = Math.round(255 * v);
                image.setRGB(f, bands - 1 - m, (g << 16) | (g << 8) | g);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
