package dev.fidel.training;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code loss.svg}: training and validation code cross-entropy by optimizer step, from {@code metrics.jsonl}. */
final class LossCurve {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 48;

    private LossCurve() {
    }

    static void write(Path metrics, Path svg) throws IOException {
        List<double[]> train = new ArrayList<>();
        List<double[]> validation = new ArrayList<>();
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.MAPPER.readTree(line);
            if (n.has("trainCodeCe")) {
                train.add(new double[] {n.get("step").asDouble(), n.get("trainCodeCe").asDouble()});
            } else if (n.has("validationCodeCe")) {
                validation.add(new double[] {n.get("step").asDouble(), n.get("validationCodeCe").asDouble()});
            }
        }
        double maxStep = 1;
        double maxLoss = 1e-9;
        for (List<double[]> series : List.of(train, validation)) {
            for (double[] p : series) {
                maxStep = Math.max(maxStep, p[0]);
                if (Double.isFinite(p[1])) {
                    maxLoss = Math.max(maxLoss, p[1]);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", MARGIN, HEIGHT - MARGIN,
                WIDTH - MARGIN, HEIGHT - MARGIN));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", MARGIN, MARGIN, MARGIN,
                HEIGHT - MARGIN));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">step (max %.0f)</text>%n", WIDTH / 2, HEIGHT - 12,
                maxStep));
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\">code CE (max %.2f)</text>%n", MARGIN - 12, maxLoss));
        sb.append(polyline(train, maxStep, maxLoss, "steelblue", "train"));
        sb.append(polyline(validation, maxStep, maxLoss, "darkorange", "validation"));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"steelblue\">train</text>%n", WIDTH - 150, MARGIN));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"darkorange\">validation</text>%n", WIDTH - 150,
                MARGIN + 16));
        sb.append("</svg>\n");
        AtomicFiles.writeString(svg, sb.toString());
    }

    private static String polyline(List<double[]> series, double maxStep, double maxLoss, String colour, String title) {
        StringBuilder points = new StringBuilder();
        for (double[] p : series) {
            if (!Double.isFinite(p[1])) {
                continue;
            }
            double x = MARGIN + p[0] / maxStep * (WIDTH - 2 * MARGIN);
            double y = HEIGHT - MARGIN - p[1] / maxLoss * (HEIGHT - 2 * MARGIN);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"><title>%s</title></polyline>%n",
                colour, points.toString().strip(), title);
    }
}
