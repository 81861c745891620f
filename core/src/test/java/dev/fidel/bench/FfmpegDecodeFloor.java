package dev.fidel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decode floor prepare-data is compared with: the same files decoded to the same rate, mono, 16-bit, by the ffmpeg
 * command-line tool through its concat demuxer (one process per share of the files, so process start-up is paid once
 * per process, not per file), the PCM drained and counted. Nothing is written.
 */
final class FfmpegDecodeFloor {

    /** Seconds of audio decoded, the wall seconds it took, the processes. */
    record Result(double audioSeconds, double wallSeconds, int processes) {
        double audioSecondsPerSecond() {
            return audioSeconds / wallSeconds;
        }
    }

    private FfmpegDecodeFloor() {
    }

    /** Whether an {@code ffmpeg} runs here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Result measure(List<Path> files, int sampleRate, int processes, Path workDirectory) throws IOException, InterruptedException {
        List<Path> lists = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
            for (int i = p; i < files.size(); i += processes) {
                list.append("file '").append(files.get(i).toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
            }
            Path file = workDirectory.resolve("ffmpeg-floor-" + p + ".txt");
            Files.writeString(file, list, StandardCharsets.UTF_8);
            lists.add(file);
        }
        AtomicLong bytes = new AtomicLong();
        List<Process> running = new ArrayList<>();
        List<Thread> drains = new ArrayList<>();
        long start = System.nanoTime();
        for (Path list : lists) {
            Process process = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "concat", "-safe", "0", "-i", list.toString(),
                    "-vn", "-ac", "1", "-ar", String.valueOf(sampleRate), "-f", "s16le", "pipe:1")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            running.add(process);
            Thread drain = new Thread(() -> bytes.addAndGet(drain(process.getInputStream())));
            drain.start();
            drains.add(drain);
        }
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i).waitFor() != 0) {
                throw new IOException("ffmpeg failed on " + lists.get(i));
            }
            drains.get(i).join();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        for (Path list : lists) {
            Files.deleteIfExists(list);
        }
        return new Result(bytes.get() / 2.0 / sampleRate, wall, processes);
    }

    private static long drain(InputStream in) {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return total;
    }
}
