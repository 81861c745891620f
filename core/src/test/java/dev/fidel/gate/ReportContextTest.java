package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.training.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The round-trip report's link to the training report: relative, resolving from the report's folder, or a reason. */
class ReportContextTest {

    private static Path linked(Path reportDir, String html) {
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), html);
        return Path.of(reportDir.toUri().resolve(m.group(1).replace("&amp;", "&")));
    }

    @Test
    void aCheckpointLinksToTheTrainingReportOfItsRunFromAnyFolderName(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"checkpoints", "ሞዴል 2 #a?b", "a:b"}) {
            Path run = Files.createDirectories(dir.resolve(name));
            Path step = Files.createDirectories(run.resolve("step-000040"));
            Files.writeString(run.resolve(TrainingReport.FILE_NAME), "page");
            Path reportDir = Files.createDirectories(dir.resolve("out/roundtrip-" + name.hashCode()));
            String html = ReportContext.training(Map.of("kind", "checkpoint", "checkpoint", step.toString(), "checkpointStep", "40"),
                    reportDir);
            assertTrue(html.contains("(step 40)"), html);
            assertEquals(run.resolve(TrainingReport.FILE_NAME).toRealPath(), linked(reportDir, html).toRealPath(), html);
        }
    }

    @Test
    void withoutATrainingReportThePageSaysWhyInsteadOfLinking(@TempDir Path dir) throws Exception {
        Path step = Files.createDirectories(dir.resolve("old/step-000010"));
        String old = ReportContext.training(Map.of("kind", "checkpoint", "checkpoint", step.toString(), "checkpointStep", "10"), dir);
        String command = ReportContext.training(Map.of("kind", "command", "command", "[\"tts\"]"), dir);
        String recordings = ReportContext.training(Map.of("kind", "recordings", "recordings", "/clips"), dir);
        for (String html : new String[] {old, command, recordings}) {
            assertTrue(html.startsWith("<p id=\"training\">No training report: ") && !html.contains("<a "), html);
        }
        assertTrue(command.contains("the synthesizer is a command"));
        assertTrue(recordings.contains("recordings from /clips"));
        assertTrue(old.contains("neither " + step), old);
    }
}
