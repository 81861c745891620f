package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fidel.training.TrainingReport;
import dev.fidel.training.TrainingReportFixture;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training report and the round-trip report as a person sees them: rendered by a real headless Chromium (its DOM
 * after scripts ran, and a screenshot kept in {@code target/report-screenshots/}), in the folders finetune and
 * verify-roundtrip write by default. Skipped, saying so, where no {@code chromium} is on the PATH.
 */
class ReportInBrowserTest {

    private static Path chromium;

    @BeforeAll
    static void findChromium() {
        chromium = onPath("chromium", "chromium-browser", "google-chrome");
        if (chromium == null) {
            System.out.println("ReportInBrowserTest skipped: no chromium on the PATH (Debian: apt-get install chromium)");
        }
    }

    /** target/fidel/checkpoints (three runs' training) and target/fidel/roundtrip (three judged measurements). */
    private static Path[] pipeline(Path root) throws Exception {
        Path checkpoints = root.resolve("fidel/checkpoints");
        TrainingReportFixture.write(checkpoints, 40);
        Files.createDirectories(checkpoints.resolve("step-000040"));
        Path roundtrip = root.resolve("fidel/roundtrip");
        Map<String, String> identity = Map.of("kind", "checkpoint", "checkpoint", checkpoints.resolve("step-000040").toString(),
                "checkpointStep", "40");
        for (int dropEvery : new int[] {2, 0, 3}) {
            Measurement m = RoundTripTest.measure(RoundTripTest.channel(dropEvery), roundtrip);
            m = new Measurement(m.format(), m.formatVersion(), identity, m.inputs(), m.sentences(), m.recognizerOnRealRecordings(),
                    m.codecCeiling(), m.synthesisRealTimeFactor(), m.warnings(), m.notScored());
            ReportFiles.writeMeasurement(m, roundtrip);
            RoundTripTest.judge(m, new Thresholds(0.35, null, 0.02), roundtrip);
        }
        return new Path[] {checkpoints, roundtrip};
    }

    @Test
    void theRoundTripReportShowsEthiopicMarkedDifferencesTheCerByRunAndLinksToTheTraining(@TempDir Path root) throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH");
        Path[] dirs = pipeline(root);
        Path report = dirs[1].resolve(RoundTrip.REPORT_HTML);
        String dom = dom(report, root);
        screenshot(report, "roundtrip-report.png", 1200, 1600, root);
        assertTrue(dom.contains("<html lang=\"am\">"), "Ethiopic text is declared Amharic for the browser's font choice");
        assertTrue(dom.contains("ዛሬ ዝናብ ይዘንባል"), "the expected sentence is on the page");
        assertTrue(dom.contains("<mark class=\"miss\">"), "the characters the voice dropped are marked");
        assertChart(dom, "CER by run", "CER (character edits per character)", "run (1 = oldest kept, at most 50)", "maxCer 0.350",
                "overall CER");
        Matcher runs = Pattern.compile("<details id=\"runs\">.*?</details>", Pattern.DOTALL).matcher(dom);
        assertTrue(runs.find(), "the runs are listed under the chart");
        assertEquals(3, count(runs.group(), "<tr><td>"), "three judged measurements, three runs");
        assertTrue(runs.group().contains("checkpoint " + dirs[0].resolve("step-000040") + " (step 40)"), "each run names what spoke");
        Path training = resolved(dirs[1], href(dom, "training"));
        assertTrue(Files.isRegularFile(training), "the training link resolves to a file: " + training);
        assertEquals(dirs[0].resolve(TrainingReport.FILE_NAME).toRealPath(), training.toRealPath());
    }

    @Test
    void theTrainingReportChartsLossLearningRateAndGradientNormAndLinksToTheRoundTrip(@TempDir Path root) throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH");
        Path[] dirs = pipeline(root);
        Path page = dirs[0].resolve(TrainingReport.FILE_NAME);
        String dom = dom(page, root);
        screenshot(page, "training-report.png", 1400, 1500, root);
        assertChart(dom, "Loss", "optimizer step", "code cross-entropy (nats per code)", "validation");
        assertChart(dom, "Learning rate", "optimizer step", "learning rate (per step)", "scheduled rate");
        assertChart(dom, "Gradient norm (before clipping)", "optimizer step", "global L2 norm", "largest over the logged steps");
        assertTrue(dom.contains("id=\"cer-history\""), "the round-trip gate's CER by run loaded from ../roundtrip/");
        Path roundTrip = resolved(dirs[0], href(dom, "roundtrip"));
        assertEquals(dirs[1].resolve(RoundTrip.REPORT_HTML).toRealPath(), roundTrip.toRealPath());
        for (String file : List.of("metrics.jsonl", "loss.svg")) {
            assertTrue(dom.contains("href=\"" + file + "\"") && Files.isRegularFile(dirs[0].resolve(file)), file + " is linked and exists");
        }
    }

    @Test
    void aTrainingReportWithoutARoundTripSaysSoInsteadOfADeadLink(@TempDir Path root) throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH");
        Path checkpoints = root.resolve("fidel/checkpoints");
        TrainingReportFixture.write(checkpoints, 12);
        String dom = dom(checkpoints.resolve(TrainingReport.FILE_NAME), root);
        assertTrue(dom.contains("No round-trip report beside this folder"), dom);
        assertFalse(dom.contains("id=\"cer-history\""), "the missing chart is removed, not shown broken");
        assertFalse(dom.contains("<a href=\"../roundtrip/report.html\""), "no link to a report that does not exist");
    }

    /** The inline SVG chart titled {@code title} is in the DOM with these labels (axis titles, legend) as text, and ticks. */
    private static void assertChart(String dom, String title, String... labels) {
        Matcher svg = Pattern.compile("<svg[^>]*aria-label=\"" + Pattern.quote(title) + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(svg.find(), title + " is an inline SVG chart");
        for (String label : labels) {
            assertTrue(svg.group().contains(">" + label + "<"), title + " shows " + label);
        }
        assertTrue(ticks(svg.group()) >= 4, title + " has tick labels");
    }

    private static String href(String dom, String paragraphId) {
        Matcher m = Pattern.compile("<p id=\"" + paragraphId + "\">.*?<a href=\"([^\"]+)\"", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "a link in #" + paragraphId);
        return m.group(1);
    }

    private static Path resolved(Path dir, String href) {
        return Path.of(dir.toUri().resolve(href));
    }

    /** The tick labels: text elements holding a number. */
    private static int ticks(String svg) {
        Matcher m = Pattern.compile(">-?[0-9][0-9.,E\\-]*<").matcher(svg);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static String dom(Path page, Path root) throws IOException, InterruptedException {
        return run(root, "--dump-dom", page.toUri().toString());
    }

    private static void screenshot(Path page, String name, int width, int height, Path root) throws IOException, InterruptedException {
        Path dir = Path.of("target", "report-screenshots");
        Files.createDirectories(dir);
        run(root, "--screenshot=" + dir.resolve(name).toAbsolutePath(), "--window-size=" + width + "," + height, page.toUri().toString());
        assertTrue(Files.size(dir.resolve(name)) > 10_000, "a screenshot with something on it: " + dir.resolve(name));
        System.out.println("screenshot: " + dir.resolve(name).toAbsolutePath());
    }

    private static String run(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=" + root.resolve(".chromium"),
                "--virtual-time-budget=5000"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        Path err = root.resolve("chromium.err");
        Process p = pb.redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), () -> "chromium " + String.join(" ", args) + " failed: " + read(err));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static Path onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
