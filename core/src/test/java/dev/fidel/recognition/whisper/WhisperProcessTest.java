package dev.fidel.recognition.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child-process guard, with real whisper.cpp native code: models that crash it (and that
 * {@link GgmlModelFile} would refuse, so these tests call the guard directly) end the child, never
 * this JVM, and come back as a {@link FidelException} with the exit status and whisper's last words.
 */
class WhisperProcessTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final List<float[]> ONE_SECOND = List.of(new float[WhisperRecognizer.MIN_SAMPLES]);

    @TempDir
    Path dir;

    private static Set<String> leftovers() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("whisper-jni-") || n.startsWith("fidel-whisper-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void aNativeAbortEndsTheChildNotTheBuild() throws Exception {
        Set<String> before = leftovers();
        SyntheticModel noBlank = new SyntheticModel();
        noBlank.tokens = new String[] {"a"};
        Path model = noBlank.write(dir.resolve("no-blank.bin"));

        FidelException e = assertThrows(FidelException.class,
                () -> WhisperProcess.transcribe(model, "am", 1, ONE_SECOND, TIMEOUT));
        System.out.println("[whisper] " + e.getMessage());
        assertEquals(WhisperSettings.MODEL_SETTING, e.setting());
        assertTrue(e.getMessage().contains("signal 6 (SIGABRT)"), e.getMessage());
        assertTrue(e.getMessage().contains("std::out_of_range"), e.getMessage());
        assertTrue(e.getMessage().contains(model.toString()), e.getMessage());

        // This JVM lives on and can still use Whisper.
        Path good = SyntheticModel.saying("ሰላም").write(dir.resolve("good.bin"));
        assertEquals(List.of("ሰላም"), WhisperProcess.transcribe(good, "am", 1, ONE_SECOND, TIMEOUT));
        assertEquals(before, leftovers(), "work folders and whisper-jni's library folders are removed");
    }

    @Test
    void aSegmentationFaultInTheLoaderIsReportedWithTheCrashFrame() throws Exception {
        Path model = new SyntheticModel().write(dir.resolve("dims.bin"));
        long firstTensor = 4 + 11 * 4 + 8 + 80 * 201 * 4 + 4 + 4 + 1;
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1000), firstTensor);
        }
        FidelException e = assertThrows(FidelException.class,
                () -> WhisperProcess.transcribe(model, "am", 1, ONE_SECOND, TIMEOUT));
        System.out.println("[whisper] " + e.getMessage());
        assertTrue(e.getMessage().contains("crashed in native code"), e.getMessage());
        assertTrue(e.getMessage().contains("SIGSEGV"), "the crash report's signal is quoted: " + e.getMessage());
    }

    @Test
    void aChildThatHangsIsStoppedAtTheTimeout() throws Exception {
        String classPath = WhisperProcess.classPath() + File.pathSeparator
                + Path.of(HangingChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        long start = System.nanoTime();
        FidelException e = assertThrows(FidelException.class, () -> WhisperProcess.run(classPath,
                HangingChild.class.getName(), List.of(), dir.resolve("any.bin"), ONE_SECOND, Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("did not finish 1 clip(s) within PT3S"), e.getMessage());
        assertTrue(System.nanoTime() - start < 60e9);
        assertEquals(0, ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(HangingChild.class.getName()))
                .filter(ProcessHandle::isAlive).count(), "the child is killed");
    }

    @Test
    void exitStatusesAreDescribed() {
        assertEquals("exit status 139, signal 11 (SIGSEGV)", WhisperProcess.describe(139));
        assertEquals("exit status 137, signal 9 (SIGKILL)", WhisperProcess.describe(137));
        assertEquals("exit status 1", WhisperProcess.describe(1));
    }

    @Test
    void transcriptsSurviveTheJsonHandOver() throws Exception {
        String tricky = "ሰላም \"quoted\" back\\slash\nnew line\t\u0001";
        assertEquals(List.of(tricky, ""),
                dev.fidel.util.Json.MAPPER.readValue(WhisperChild.toJson(List.of(tricky, "")),
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { }));
    }
}
