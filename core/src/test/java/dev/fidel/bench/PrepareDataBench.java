package dev.fidel.bench;

import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.data.PrepareData;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.PrepareDataResult;
import dev.fidel.data.QualityLimits;
import dev.fidel.event.ConsoleEvents;
import dev.fidel.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.stream.Stream;

/**
 * Prints prepare-data throughput in seconds of audio per second of wall time, over a real corpus,
 * with the work forced (no up-to-date skip). Then runs once more unforced and prints how long the
 * up-to-date check took. Then, where {@code ffmpeg} is installed, the decode floor ({@link FfmpegDecodeFloor}: the
 * corpus's audio files decoded to the same rate by the ffmpeg tool's concat demuxer in THREADS processes) and Fidel's
 * {@link AudioDecoder} alone over the same files in THREADS threads, each with its ratio to the floor.
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
        if (!FfmpegDecodeFloor.available()) {
            System.out.println("no ffmpeg on the PATH: the decode floor is not measured (apt-get install ffmpeg)");
            return;
        }
        List<Path> files = audioFiles(request.corpusDirectory());
        FfmpegDecodeFloor.Result floor = FfmpegDecodeFloor.measure(files, request.sampleRate(), threads, request.outputDirectory().getParent());
        System.out.printf(Locale.ROOT, "ffmpeg decode floor (%d files, concat demuxer, %d processes): %.1f s of audio per second (%.1f s in %.1f s)%n",
                files.size(), floor.processes(), floor.audioSecondsPerSecond(), floor.audioSeconds(), floor.wallSeconds());
        double decodeOnly = decodeOnly(files, request.sampleRate(), threads);
        System.out.printf(Locale.ROOT, "prepare-data / floor: %.2f; Fidel's AudioDecoder alone (%d threads): %.1f s of audio per second, / floor: %.2f"
                + " [load %.1f]%n", r.audioSecondsPerSecond() / floor.audioSecondsPerSecond(), threads, decodeOnly,
                decodeOnly / floor.audioSecondsPerSecond(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The corpus's audio files (any depth), in name order. */
    static List<Path> audioFiles(Path corpus) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(corpus)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(opus|ogg|mp3|wav|flac|m4a)"))
                    .sorted().toList();
        }
    }

    /** Seconds of audio per wall second of {@link AudioDecoder#decode} alone over {@code files} in {@code threads} threads. */
    static double decodeOnly(List<Path> files, int sampleRate, int threads) throws Exception {
        AudioDecoder decoder = new AudioDecoder(sampleRate);
        AtomicInteger next = new AtomicInteger();
        DoubleAdder seconds = new DoubleAdder();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                    try {
                        seconds.add(decoder.decode(files.get(i)).duration());
                    } catch (AudioException e) {
                        // A broken file counts nothing.
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return seconds.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
