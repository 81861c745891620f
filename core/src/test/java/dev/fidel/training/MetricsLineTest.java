package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl's lines: the exact text readers (loss.svg, reports, the user's scripts) rely on, and back. */
class MetricsLineTest {

    @TempDir
    Path dir;

    @Test
    void linesAreWrittenWithTheirKindAndEveryFieldInAlphabeticalOrder() {
        MetricsLine train = new MetricsLine.Train(50, 2, 100, 4.25, 6.5f, 5.0E-4f, 812.5, 310.25, 1.75, 3, 1);
        assertEquals("{\"batches\":100,\"clippedSteps\":3,\"codeTokensPerSecond\":812.5,\"epoch\":2,\"gradientNormMax\":1.75,"
                + "\"kind\":\"train\",\"learningRate\":5.0E-4,\"msPerStep\":310.25,\"skippedSteps\":1,\"step\":50,\"trainCodeCe\":4.25,"
                + "\"trainTextCe\":6.5}", train.json());
        MetricsLine validation = new MetricsLine.Validation(0, 0, 5.600062391493055, 6.642465591430664);
        assertEquals("{\"epoch\":0,\"kind\":\"validation\",\"step\":0,\"validationCodeCe\":5.600062391493055,"
                + "\"validationTextCe\":6.642465591430664}", validation.json());
    }

    @Test
    void theLogReadsBackWhatItWroteAndPassesOverLinesOfOtherKinds() throws Exception {
        MetricsLog log = new MetricsLog(dir);
        log.onValidation(new TrainingEvents.Validation(0, 0, 5.5, 6.5));
        log.onInterval(new TrainingEvents.Interval(1, 0, 2, 5.25, 6.25f, 1e-3f, 40.5, 900.5, 2.5, 1, 0, 4));
        Files.writeString(log.file(), "{\"kind\":\"learningRateChart\",\"step\":1}\n", java.nio.file.StandardOpenOption.APPEND);
        log.onValidation(new TrainingEvents.Validation(2, 1, Double.NaN, 6.0));
        List<MetricsLine> lines = MetricsLine.readAll(log.file());
        assertEquals(List.of(new MetricsLine.Validation(0, 0, 5.5, 6.5),
                new MetricsLine.Train(1, 0, 2, 5.25, 6.25f, 1e-3f, 40.5, 900.5, 2.5, 1, 0)), lines.subList(0, 2));
        assertEquals(3, lines.size());
        assertEquals(Double.NaN, ((MetricsLine.Validation) lines.get(2)).validationCodeCe());
        // a diverged validation is never a result to judge again
        assertEquals(java.util.OptionalDouble.empty(), ResumeDecision.validationAt(log.file(), 2));
        assertEquals(java.util.OptionalDouble.of(5.5), ResumeDecision.validationAt(log.file(), 0));
    }

    @Test
    void resumingDropsTheLinesWrittenAfterTheCheckpoint() throws Exception {
        MetricsLog log = new MetricsLog(dir);
        for (int step = 0; step <= 5; step++) {
            log.onValidation(new TrainingEvents.Validation(step, 0, 5.0 - step / 10.0, 6.0));
        }
        log.dropAfter(3, dev.fidel.event.EventSink.NONE);
        assertEquals(List.of(0, 1, 2, 3), MetricsLine.readAll(log.file()).stream().map(MetricsLine::step).toList());
    }
}
