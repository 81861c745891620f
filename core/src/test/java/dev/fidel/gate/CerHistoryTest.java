package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's CER by run: kept across runs in its output folder, bounded, one entry per measurement. */
class CerHistoryTest {

    private static CerHistory.Run run(int i, String sha) {
        return new CerHistory.Run("2026-12-06T12:00:" + String.format("%02d", i % 60) + "Z", i / 100.0, 0.35, true, "checkpoint c", sha);
    }

    @Test
    void keepsTheLastFiftyRunsOldestFirst() {
        CerHistory h = new CerHistory(List.of());
        for (int i = 0; i < 60; i++) {
            h = h.with(run(i, "m" + i));
        }
        assertEquals(CerHistory.MAX_RUNS, h.runs().size());
        assertEquals(0.10, h.runs().get(0).cer(), "the ten oldest were dropped");
        assertEquals(0.59, h.runs().get(49).cer());
    }

    @Test
    void judgingTheSameMeasurementAgainReplacesItsRunInsteadOfAddingOne() {
        CerHistory h = new CerHistory(List.of()).with(run(1, "a")).with(run(2, "b"));
        CerHistory again = h.with(new CerHistory.Run("later", 0.02, 0.01, false, "checkpoint c", "b"));
        assertEquals(2, again.runs().size());
        assertEquals(0.01, again.runs().get(1).maxCer(), "the run shows the verdict under the new maxCer");
        assertEquals(3, again.with(run(3, "c")).runs().size());
    }

    @Test
    void eachReportAddsItsRunToTheFileAndTheChart(@TempDir Path dir) throws Exception {
        for (int dropEvery : new int[] {0, 2, 3}) {
            Measurement m = RoundTripTest.measure(RoundTripTest.channel(dropEvery), dir);
            ReportFiles.writeMeasurement(m, dir);
            RoundTripTest.judge(m, new Thresholds(0.35, null, 0.02), dir);
        }
        RoundTripTest.judge(ReportFiles.readMeasurement(dir), new Thresholds(0.2, null, 0.02), dir);
        List<CerHistory.Run> runs = CerHistory.read(dir).runs();
        assertEquals(3, runs.size(), "the last measurement judged again under maxCer 0.2 is still one run");
        assertEquals(0.0, runs.get(0).cer());
        assertTrue(runs.get(1).cer() > runs.get(2).cer(), "dropping every 2nd character is worse than every 3rd");
        assertEquals(0.2, runs.get(2).maxCer());
        String svg = Files.readString(dir.resolve(CerHistory.CHART_FILE));
        assertTrue(svg.contains(">maxCer 0.200<"), "the chart shows the limit the last run was judged against");
    }

    @Test
    void aHistoryFileOfTheUsersIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(CerHistory.FILE_NAME), "my notes\n");
        Measurement m = RoundTripTest.measure(RoundTripTest.channel(0), dir);
        FidelException e = assertThrows(FidelException.class, () -> RoundTripTest.judge(m, new Thresholds(0.35, null, 0.02), dir));
        assertTrue(e.getMessage().contains(CerHistory.FILE_NAME), e.getMessage());
        assertEquals("my notes\n", Files.readString(dir.resolve(CerHistory.FILE_NAME)));
    }
}
