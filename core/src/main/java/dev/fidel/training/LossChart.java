package dev.fidel.training;

import java.io.IOException;
import java.nio.file.Path;

/** {@code loss.svg}, drawn by {@link LossCurve} from {@code metrics.jsonl} when the loop ends. */
final class LossChart implements TrainingListener {

    static final String FILE_NAME = "loss.svg";

    private final Path metrics;
    private final Path chart;

    LossChart(Path metrics, Path outputDirectory) {
        this.metrics = metrics;
        this.chart = outputDirectory.resolve(FILE_NAME);
    }

    @Override
    public void onEnd(TrainingEvents.Summary summary) throws IOException {
        LossCurve.write(metrics, chart);
    }
}
