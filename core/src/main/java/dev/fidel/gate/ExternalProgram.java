package dev.fidel.gate;

import dev.fidel.FidelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program: arguments as a list (no shell), stdin closed, stdout and stderr into files, a
 * timeout after which the program and every process it started are killed. A non-zero exit is an error that
 * quotes the last lines of its output.
 */
final class ExternalProgram {

    /** What a call's standard output and error files are named after its log name. */
    static final String STDOUT = ".stdout.txt";
    static final String STDERR = ".stderr.txt";


    /** Lines of output quoted in an error. */
    static final int QUOTED_LINES = 15;

    private ExternalProgram() {
    }

    /**
     * Runs {@code arguments} in {@code workingDirectory} with {@code environment} added, writing its output to
     * {@code <logs>.stdout.txt} and {@code <logs>.stderr.txt}.
     *
     * @param what the call in words, for errors ("the command synthesizer for sentence 3")
     */
    static void run(List<String> arguments, Path workingDirectory, Map<String, String> environment, double timeoutSeconds,
            Path logs, String what) throws FidelException {
        Path out = logs.resolveSibling(logs.getFileName() + STDOUT);
        Path err = logs.resolveSibling(logs.getFileName() + STDERR);
        ProcessBuilder builder = new ProcessBuilder(arguments).directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new FidelException("cannot start " + what + " (" + arguments.get(0) + "): " + e.getMessage(), "synthesizer", e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor((long) Math.ceil(timeoutSeconds * 1000), TimeUnit.MILLISECONDS)) {
                long killed = killTree(process.toHandle());
                throw new FidelException(String.format(Locale.ROOT, "%s did not finish within %.0f s: it and %d process(es) it "
                        + "started were killed (raise <timeoutSeconds>; its output is in %s)", what, timeoutSeconds, killed,
                        out.getParent()), "synthesizer", null);
            }
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new FidelException(what + " was interrupted", "synthesizer", e);
        } catch (IOException e) {
            killTree(process.toHandle());
            throw new FidelException("cannot talk to " + what + ": " + e.getMessage(), "synthesizer", e);
        }
        if (process.exitValue() != 0) {
            throw new FidelException(String.format(Locale.ROOT, "%s exited with status %d (%s). Last lines of %s:%n%s", what,
                    process.exitValue(), String.join(" ", arguments), Files.isRegularFile(err) && size(err) > 0 ? err : out,
                    lastLines(size(err) > 0 ? err : out)), "synthesizer", null);
        }
    }

    /** Kills {@code root} and every descendant (collected before any dies, so none is orphaned unseen); how many descendants. */
    static long killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : descendants) {
            h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
        root.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> root).join();
        return descendants.size();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last {@link #QUOTED_LINES} lines of a log (of its last 16 KiB at most), each indented. */
    static String lastLines(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, 16 * 1024));
            channel.position(size - tail.capacity());
            while (tail.hasRemaining() && channel.read(tail) >= 0) {
                // reads the tail
            }
            List<String> lines = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).lines().toList();
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size()));
        } catch (IOException e) {
            return "  (unreadable: " + e.getMessage() + ")";
        }
    }
}
