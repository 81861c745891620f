package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training-report.html}: what it shows from {@code metrics.jsonl}, and that a page of the user's is never overwritten. */
class TrainingReportTest {

    @Test
    void thePageChartsLossLearningRateAndGradientNormFromTheMetrics(@TempDir Path dir) throws Exception {
        TrainingReportFixture.write(dir, 20);
        String page = Files.readString(dir.resolve(TrainingReport.FILE_NAME));
        for (String chart : new String[] {"Loss", "Learning rate", "Gradient norm (before clipping)"}) {
            assertTrue(page.contains("aria-label=\"" + chart + "\""), chart + " is charted");
        }
        assertTrue(page.contains("6.0000 &rarr; 3.4118 nats per code"), "the validation loss before and after, from metrics.jsonl");
        assertTrue(page.contains("steps clipped: 1, skipped: 0"), "the clipped step of the fixture is counted");
        assertTrue(Files.readString(dir.resolve(Finetune.LOSS_CURVE)).contains(">code cross-entropy (nats per code)<"));
    }

    @Test
    void aStepWithoutAFiniteLossLeavesAGapNotABrokenChart(@TempDir Path dir) throws Exception {
        TrainingReportFixture.write(dir, 10);
        Files.writeString(dir.resolve(Finetune.METRICS), Files.readString(dir.resolve(Finetune.METRICS))
                + "{\"kind\":\"train\",\"step\":11,\"trainCodeCe\":\"NaN\",\"learningRate\":0.0005,\"gradientNormMax\":\"NaN\","
                + "\"clippedSteps\":0,\"skippedSteps\":1}\n");
        LossCurve.write(dir.resolve(Finetune.METRICS), dir.resolve(Finetune.LOSS_CURVE));
        String page = Files.readString(dir.resolve(TrainingReport.FILE_NAME));
        assertTrue(page.contains("steps clipped: 1, skipped: 1"), page);
        assertTrue(page.contains(">optimizer step<") && !page.contains("NaN"), "the point is left out of every chart");
    }

    @Test
    void aTrainingReportOfTheUsersStopsFinetuneBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(out.resolve(TrainingReport.FILE_NAME), "<p>my notes on the last run</p>");
        FidelException e = assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(
                FinetuneRequest.defaults(dir.resolve("data"), dir.resolve("vocabulary"), out)));
        assertEquals("outputDirectory", e.setting());
        assertTrue(e.getMessage().contains(TrainingReport.FILE_NAME), e.getMessage());
        assertEquals("<p>my notes on the last run</p>", Files.readString(out.resolve(TrainingReport.FILE_NAME)));
    }
}
