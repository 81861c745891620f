package dev.fidel.training;

import dev.fidel.event.EventSink;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: a {@link MetricsLine.Train} line per interval and a {@link MetricsLine.Validation} line per
 * validation, appended as they happen so that a killed run keeps what it measured.
 */
final class MetricsLog implements TrainingListener {

    static final String FILE_NAME = "metrics.jsonl";

    private final Path file;

    MetricsLog(Path outputDirectory) {
        this.file = outputDirectory.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    @Override
    public void onInterval(TrainingEvents.Interval interval) throws IOException {
        append(MetricsLine.Train.of(interval));
    }

    @Override
    public void onValidation(TrainingEvents.Validation validation) throws IOException {
        append(MetricsLine.Validation.of(validation));
    }

    private void append(MetricsLine line) throws IOException {
        Files.writeString(file, line.json() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Drops the lines an interrupted run wrote after the checkpoint it resumes from, so the file stays continuous. */
    void dropAfter(long step, EventSink events) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && Json.MAPPER.readTree(line).path("step").asLong() <= step) {
                kept.add(line);
            }
        }
        if (kept.size() < lines.size()) {
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
            events.info(FILE_NAME + ": " + (lines.size() - kept.size()) + " line(s) the interrupted run wrote after step " + step
                    + " dropped");
        }
    }
}
