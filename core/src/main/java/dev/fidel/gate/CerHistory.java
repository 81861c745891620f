package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.chart.LineChart;
import dev.fidel.util.BoundedFiles;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@value #FILE_NAME} in the gate's output folder: the overall CER of its last {@value #MAX_RUNS} measurements, oldest
 * first, each with when it was judged, the limit it was judged against and what spoke. A baseline file holds one earlier
 * report; this is the trend across runs. Judging the same measurement again (new thresholds, or nothing changed)
 * replaces its entry instead of adding one. It lives in the output folder: {@code mvn clean} starts it afresh.
 *
 * @param runs oldest first
 */
record CerHistory(List<Run> runs) {

    static final String FILE_NAME = "cer-history.jsonl";
    /** The chart alone, beside the report (the training report shows it from the checkpoint's folder). */
    static final String CHART_FILE = "cer-history.svg";
    static final int MAX_RUNS = 50;

    /**
     * One judged measurement.
     *
     * @param date when it was judged (ISO-8601, UTC)
     * @param cer overall CER
     * @param maxCer the limit it was judged against
     * @param passed the verdict
     * @param synthesizer what spoke, in short (see {@link #describe})
     * @param measurementSha256 the SHA-256 of {@code measurement.json}: the same measurement judged again replaces its entry
     */
    record Run(@JsonProperty("date") String date, @JsonProperty("cer") double cer, @JsonProperty("maxCer") double maxCer,
            @JsonProperty("passed") boolean passed, @JsonProperty("synthesizer") String synthesizer,
            @JsonProperty("measurementSha256") String measurementSha256) {
    }

    CerHistory {
        runs = List.copyOf(runs);
    }

    /** The history in {@code dir}; empty when there is none. A line that is not a run (a file from elsewhere) is left out. */
    static CerHistory read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        List<Run> runs = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : BoundedFiles.lines(file, BoundedFiles.Kind.LINES, "outputDirectory")) {
                try {
                    Run run = Json.MAPPER.readValue(line, Run.class);
                    if (run.date() != null && Double.isFinite(run.cer())) {
                        runs.add(run);
                    }
                } catch (IOException e) {
                    // not a run: left out of the chart and of the file rewritten
                }
            }
        }
        return new CerHistory(runs);
    }

    /** This history with {@code run} last, replacing the last entry when it judged the same measurement; at most {@value #MAX_RUNS}. */
    CerHistory with(Run run) {
        List<Run> all = new ArrayList<>(runs);
        if (!all.isEmpty() && run.measurementSha256() != null && run.measurementSha256().equals(all.get(all.size() - 1).measurementSha256())) {
            all.remove(all.size() - 1);
        }
        all.add(run);
        return new CerHistory(all.subList(Math.max(0, all.size() - MAX_RUNS), all.size()));
    }

    String jsonl() {
        StringBuilder sb = new StringBuilder();
        for (Run r : runs) {
            sb.append(Json.line(r)).append('\n');
        }
        return sb.toString();
    }

    /** The CER of each run, with this run's {@code maxCer} and the baseline's CER (NaN: none) as levels. */
    String svg(double maxCer, double baselineCer) {
        List<double[]> points = IntStream.range(0, runs.size()).mapToObj(i -> new double[] {i + 1, runs.get(i).cer()}).toList();
        LineChart chart = LineChart.of("CER by run", "run (1 = oldest kept, at most " + MAX_RUNS + ")",
                "CER (character edits per character)").withPoints().series("overall CER", points).level("maxCer " + fmt(maxCer), maxCer);
        if (Double.isFinite(baselineCer)) {
            chart.level("baseline " + fmt(baselineCer), baselineCer);
        }
        return chart.svg(720, 300);
    }

    /** What spoke, in a few words: the checkpoint and its step, the command, or the recordings folder. */
    static String describe(Map<String, String> synthesizer) {
        if (synthesizer == null || synthesizer.isEmpty()) {
            return "unknown";
        }
        String kind = synthesizer.getOrDefault("kind", "unknown");
        return switch (kind) {
            case "checkpoint" -> "checkpoint " + synthesizer.get("checkpoint") + " (step " + synthesizer.get("checkpointStep") + ")";
            case "command" -> "command " + synthesizer.get("command");
            case "recordings" -> "recordings " + synthesizer.get("recordings");
            default -> kind;
        };
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
