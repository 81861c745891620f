package dev.fidel.bench;

import dev.fidel.data.PrepareData;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.PrepareDataResult;
import dev.fidel.data.QualityLimits;
import dev.fidel.event.ConsoleEvents;
import dev.fidel.event.EventSink;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints prepare-data throughput in seconds of audio per second of wall time, over a real corpus,
 * with the work forced (no up-to-date skip). Then runs once more unforced and prints how long the
 * up-to-date check took.
 *
 * <pre>
 * mvn -B -q -o -pl core test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -cp core/target/test-classes:core/target/classes:$(cat core/target/bench.cp) \
 *     dev.fidel.bench.PrepareDataBench CORPUS_DIR OUTPUT_DIR [THREADS]
 * </pre>
 * OUTPUT_DIR is replaced as a whole (it must be new, empty, or an earlier prepare-data output).
 */
public final class PrepareDataBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PrepareDataBench CORPUS_DIR OUTPUT_DIR [THREADS]");
            System.exit(2);
        }
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : PrepareDataRequest.defaultThreads();
        EventSink console = ConsoleEvents.CONSOLE;
        PrepareDataRequest request = new PrepareDataRequest(Path.of(args[0]), Path.of(args[1]),
                PrepareDataRequest.DEFAULT_SAMPLE_RATE, QualityLimits.defaults(),
                PrepareDataRequest.DEFAULT_MAX_REJECTED_RATIO, true, threads);
        long cpuBefore = processCpuNanos();
        PrepareDataResult r = new PrepareData().run(request, console);
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.println(r.summary());
        System.out.printf(Locale.ROOT, "prepare-data throughput: %.1f s of audio per second (%.1f s of audio in %.1f s, %d threads, %d cores)%n",
                r.audioSecondsPerSecond(), r.decodedSeconds(), r.wallSeconds(), threads, Runtime.getRuntime().availableProcessors());
        // On a shared machine wall time depends on the neighbours; CPU time does not.
        System.out.printf(Locale.ROOT, "prepare-data CPU cost: %.1f s of audio per CPU-second (%.1f CPU-s, load average %.1f)%n",
                r.decodedSeconds() / cpuSeconds, cpuSeconds, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        PrepareDataRequest again = new PrepareDataRequest(request.corpusDirectory(), request.outputDirectory(),
                request.sampleRate(), request.limits(), request.maxRejectedRatio(), false, threads);
        PrepareDataResult skipped = new PrepareData().run(again, console);
        System.out.printf(Locale.ROOT, "up-to-date check: %s in %.2f s%n", skipped.upToDate() ? "skipped" : "NOT skipped", skipped.wallSeconds());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
