package dev.fidel.training;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.chart.LineChart;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loss.svg} (training and validation code cross-entropy by optimizer step) and, beside it, the
 * {@link TrainingReport} page with the learning rate and gradient norm next to the loss; both from {@code metrics.jsonl}.
 * Both names are claimed in the output folder's ownership record before training starts, as every entry is.
 */
final class LossCurve {

    static final int WIDTH = 720;
    static final int HEIGHT = 520;
    /** The learning rate and gradient norm, stacked beside the loss: together as tall as it. */
    static final int SIDE_WIDTH = 560;
    static final int SIDE_HEIGHT = 252;

    private LossCurve() {
    }

    /** Draws {@code svg} and writes {@value TrainingReport#FILE_NAME} in the same folder. */
    static void write(Path metrics, Path svg) throws IOException {
        Series s = Series.read(metrics);
        String loss = LineChart.of("Loss", "optimizer step", "code cross-entropy (nats per code)")
                .series("train (mean over the logged steps)", s.trainCe).series("validation", s.validationCe).svg(WIDTH, HEIGHT);
        AtomicFiles.writeString(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + loss + "\n");
        String rate = LineChart.of("Learning rate", "optimizer step", "learning rate (per step)")
                .series("scheduled rate", s.learningRate).svg(SIDE_WIDTH, SIDE_HEIGHT);
        String norm = LineChart.of("Gradient norm (before clipping)", "optimizer step", "global L2 norm")
                .series("largest over the logged steps", s.gradientNorm).svg(SIDE_WIDTH, SIDE_HEIGHT);
        Path folder = svg.toAbsolutePath().getParent();
        AtomicFiles.writeString(folder.resolve(TrainingReport.FILE_NAME), TrainingReport.html(s.summary(metrics), loss, rate, norm,
                svg.getFileName().toString()));
    }

    /** The lines of {@code metrics.jsonl}, by what they measure. */
    record Series(List<double[]> trainCe, List<double[]> validationCe, List<double[]> learningRate, List<double[]> gradientNorm,
            long clippedSteps, long skippedSteps, double msPerStep, double codeTokensPerSecond) {

        static Series read(Path metrics) throws IOException {
            Series s = new Series(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0, 0, 0, 0);
            long clipped = 0;
            long skipped = 0;
            double ms = 0;
            double tokens = 0;
            for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = Json.MAPPER.readTree(line);
                double step = n.path("step").asDouble();
                if (n.has("trainCodeCe")) {
                    s.trainCe.add(new double[] {step, n.get("trainCodeCe").asDouble()});
                    s.learningRate.add(new double[] {step, n.path("learningRate").asDouble(Double.NaN)});
                    s.gradientNorm.add(new double[] {step, n.path("gradientNormMax").asDouble(Double.NaN)});
                    clipped += n.path("clippedSteps").asLong();
                    skipped = n.path("skippedSteps").asLong(skipped);
                    ms = n.path("msPerStep").asDouble(ms);
                    tokens = n.path("codeTokensPerSecond").asDouble(tokens);
                } else if (n.has("validationCodeCe")) {
                    s.validationCe.add(new double[] {step, n.get("validationCodeCe").asDouble()});
                }
            }
            return new Series(s.trainCe, s.validationCe, s.learningRate, s.gradientNorm, clipped, skipped, ms, tokens);
        }

        TrainingReport.Summary summary(Path metrics) {
            double[] firstValidation = validationCe.isEmpty() ? null : validationCe.get(0);
            double[] lastValidation = validationCe.isEmpty() ? null : validationCe.get(validationCe.size() - 1);
            int lastStep = (int) Math.max(trainCe.isEmpty() ? 0 : trainCe.get(trainCe.size() - 1)[0],
                    lastValidation == null ? 0 : lastValidation[0]);
            return new TrainingReport.Summary(metrics.getFileName().toString(), lastStep,
                    firstValidation == null ? Double.NaN : firstValidation[1], lastValidation == null ? Double.NaN : lastValidation[1],
                    learningRate.isEmpty() ? Double.NaN : learningRate.get(learningRate.size() - 1)[1],
                    gradientNorm.stream().mapToDouble(p -> p[1]).filter(Double::isFinite).max().orElse(Double.NaN),
                    clippedSteps, skippedSteps, msPerStep, codeTokensPerSecond);
        }
    }
}
