package dev.fidel.training;

import dev.fidel.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TEMPORARY: dumps metrics.jsonl and the log of a few runs to compare before/after the loop split. */
class LoopOracleTest extends FinetuneTest {

    @Test
    void dump() throws Exception {
        Path target = Path.of(System.getProperty("oracle.out", "/tmp/loopbase/now"));
        Files.createDirectories(target);
        run(request(dir.resolve("a")).toBuilder().maxSteps(6).checkpointEvery(2).milestones(List.of(3), "steps").build(), target, "a");
        run(request(dir.resolve("b")).toBuilder().maxSteps(5).checkpointEvery(2).gradAccumSteps(2).emaDecay(0.9f).batchFrames(400)
                .milestones(List.of(1), "epochs").build(), target, "b");
        // resume: 3 steps, then raise to 5
        Path c = dir.resolve("c");
        run(request(c).toBuilder().maxSteps(3).checkpointEvery(2).build(), target, "c1");
        run(request(c).toBuilder().maxSteps(5).checkpointEvery(2).build(), target, "c2");
        run(request(c).toBuilder().maxSteps(5).checkpointEvery(2).minImprovement(-2f).build(), target, "c3");
    }

    private void run(FinetuneRequest r, Path target, String name) throws Exception {
        List<String> log = new ArrayList<>();
        EventSink sink = new EventSink() {
            @Override
            public void info(String m) { log.add("INFO " + m); }
            @Override
            public void warn(String m) { log.add("WARN " + m); }
            @Override
            public void progress(String task, long done, long total, String detail) { log.add("PROGRESS " + done + "/" + total + " " + detail); }
        };
        try {
            new Finetune(sink).run(r);
        } catch (Exception e) {
            log.add("THROWN " + e);
        }
        Files.write(target.resolve(name + ".log"), log);
        Path m = r.outputDirectory().resolve(Finetune.METRICS);
        if (Files.exists(m)) {
            Files.copy(m, target.resolve(name + ".metrics.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path svg = r.outputDirectory().resolve(Finetune.LOSS_CURVE);
        if (Files.exists(svg)) {
            Files.copy(svg, target.resolve(name + ".svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
