package dev.fidel.recognition.whisper;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fidel.FidelException;
import dev.fidel.util.Json;
import io.github.givimad.whisperjni.WhisperJNI;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link WhisperChild} in a separate JVM (the current {@code java}, a class path of this
 * library's and whisper-jni's jars) and reads its transcripts back. A child that crashes, fails or
 * hangs becomes a {@link FidelException}; the build's JVM lives on.
 *
 * <p>Everything the child touches lives in one work folder that is deleted afterwards: the audio,
 * the transcripts, its logs, a crash report ({@code -XX:ErrorFile}), and whisper-jni's extracted
 * native libraries. whisper-jni extracts them into {@code java.io.tmpdir/whisper-jni-<nanoTime>} and
 * never deletes that folder (only the files in it, on a clean exit), so the child's
 * {@code java.io.tmpdir} is pointed at the work folder.
 */
final class WhisperProcess {

    static final String CHILD = WhisperChild.class.getName();
    private static final int STDERR_LINES = 15;

    private WhisperProcess() {}

    /** Transcripts of 16 kHz mono clips by the model {@code model}, one child process for all of them. */
    static List<String> transcribe(Path model, String language, int threads, List<float[]> clips, Duration timeout)
            throws FidelException {
        return run(classPath(), CHILD, List.of(model.toAbsolutePath().toString(), language, String.valueOf(threads)),
                model, clips, timeout);
    }

    /**
     * Runs {@code mainClass} on {@code classPath} with {@code arguments} followed by the audio file and
     * the output file. Package-private so tests can run other children (one that hangs, for instance).
     */
    static List<String> run(String classPath, String mainClass, List<String> arguments, Path model, List<float[]> clips,
            Duration timeout) throws FidelException {
        Path work;
        try {
            work = Files.createTempDirectory("fidel-whisper-");
        } catch (IOException e) {
            throw new FidelException("Cannot create a work folder for Whisper in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
        Process process = null;
        try {
            Path audio = work.resolve("audio.f32");
            Path output = work.resolve("transcripts.json");
            Path stderr = work.resolve("stderr.log");
            Path crashReport = work.resolve("hs_err.log");
            writeAudio(audio, clips);

            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath,
                    "-Djava.io.tmpdir=" + work,
                    "-XX:ErrorFile=" + crashReport,
                    "-XX:-CreateCoredumpOnCrash",
                    "-XX:TieredStopAtLevel=1",
                    mainClass));
            command.addAll(arguments);
            command.add(audio.toString());
            command.add(output.toString());
            process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectOutput(work.resolve("stdout.log").toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new FidelException("Whisper did not finish " + clips.size() + " clip(s) within " + timeout
                        + " and was stopped (model " + model + ")." + tail(stderr));
            }
            int exit = process.exitValue();
            if (exit != 0) {
                throw failure(model, exit, stderr, crashReport);
            }
            if (!Files.exists(output)) {
                throw new FidelException("Whisper exited without writing transcripts (model " + model + ")."
                        + tail(stderr));
            }
            List<String> transcripts = Json.MAPPER.readValue(output.toFile(), new TypeReference<List<String>>() { });
            if (transcripts.size() != clips.size()) {
                throw new FidelException("Whisper returned " + transcripts.size() + " transcripts for "
                        + clips.size() + " clips (model " + model + ").");
            }
            return transcripts;
        } catch (IOException e) {
            throw new FidelException("Cannot run Whisper in a child process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FidelException("Interrupted while Whisper was running", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteRecursively(work);
        }
    }

    private static FidelException failure(Path model, int exit, Path stderr, Path crashReport) throws IOException {
        String what;
        if (exit == WhisperChild.LOAD_FAILED) {
            what = "whisper.cpp refused the model " + model + " (exit status " + exit + ")";
        } else if (exit == WhisperChild.DECODE_FAILED) {
            what = "whisper.cpp failed to transcribe with the model " + model + " (exit status " + exit + ")";
        } else if (Files.exists(crashReport)) {
            // The JVM's crash handler ran: it exits with 1 (no core dump requested) or aborts.
            what = "The Whisper child process crashed in native code (" + describe(exit) + ") using the model "
                    + model + "; the build goes on, but this model cannot be used";
        } else {
            what = "The Whisper child process died with " + describe(exit) + " using the model " + model
                    + "; the build goes on, but this model cannot be used";
        }
        return new FidelException(what + ". Check " + WhisperSettings.MODEL_SETTING + "." + tail(stderr)
                + problematicFrame(crashReport), WhisperSettings.MODEL_SETTING, null);
    }

    /** An exit status in words: 128 + n is how a process ended by signal n is reported. */
    static String describe(int exit) {
        if (exit > 128 && exit < 128 + 32) {
            int signal = exit - 128;
            String[] names = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
                "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};
            String name = signal < names.length ? " (" + names[signal] + ")" : "";
            return "exit status " + exit + ", signal " + signal + name
                    + (signal == 6 ? ": native code aborted (an uncaught C++ exception or a failed assertion)" : "");
        }
        return "exit status " + exit;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        List<String> last = lines.subList(Math.max(0, lines.size() - STDERR_LINES), lines.size());
        return last.isEmpty() ? "" : " Last lines of its error output:\n  " + String.join("\n  ", last);
    }

    /** The lines of a JVM crash report that say where native code failed. */
    private static String problematicFrame(Path crashReport) throws IOException {
        if (!Files.exists(crashReport)) {
            return "";
        }
        StringBuilder found = new StringBuilder();
        for (String line : Files.readAllLines(crashReport, StandardCharsets.ISO_8859_1)) {
            if (line.matches("#\\s+SIG\\w+ .*") || line.startsWith("# C  [") || line.startsWith("# j  ")) {
                found.append("\n  ").append(line);
            }
        }
        return found.length() == 0 ? "" : "\nFrom its crash report:" + found;
    }

    /** int32 clip count, then per clip int32 sample count and float32 samples; little-endian. */
    static void writeAudio(Path file, List<float[]> clips) throws IOException {
        long bytes = 4;
        for (float[] clip : clips) {
            bytes += 4 + 4L * clip.length;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IOException("too much audio for one Whisper batch: " + bytes + " bytes");
        }
        ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(clips.size());
        for (float[] clip : clips) {
            data.putInt(clip.length);
            data.asFloatBuffer().put(clip);
            data.position(data.position() + 4 * clip.length);
        }
        Files.write(file, data.array());
    }

    /**
     * The jars (or class folders) holding this class and whisper-jni: all the child needs. Taken from
     * the classes themselves, because {@code java.class.path} is Maven's launcher inside a plugin.
     */
    static String classPath() throws FidelException {
        return location(WhisperProcess.class) + File.pathSeparator + location(WhisperJNI.class);
    }

    private static String location(Class<?> type) throws FidelException {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException | IllegalArgumentException e) {
            throw new FidelException("Cannot find the jar of " + type.getName() + " to start Whisper's child process",
                    e);
        }
    }

    static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp folder must not hide the real outcome.
        }
    }
}
