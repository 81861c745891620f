package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fidel.FidelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external program: no shell, its output kept, a non-zero exit quoted, a timeout that kills the whole tree. */
class ExternalProgramTest {

    static void requireSh() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "skipped: no /bin/sh to play the user's program");
    }

    @Test
    void aTimeoutKillsTheProgramAndTheProcessesItStarted(@TempDir Path dir) throws Exception {
        requireSh();
        Path pidFile = dir.resolve("grandchild.pid");
        // The program starts a grandchild that would sleep for ten minutes, then waits for it.
        List<String> program = List.of("/bin/sh", "-c", "sleep 600 & echo $! > " + pidFile + "; wait");
        long t0 = System.nanoTime();
        FidelException e = assertThrows(FidelException.class,
                () -> ExternalProgram.run(program, dir, Map.of(), 1.5, dir.resolve("call"), "the test program"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 30, "returned after " + seconds + " s");
        assertTrue(e.getMessage().contains("did not finish within 2 s") && e.getMessage().contains("1 process(es) it started were killed"),
                e.getMessage());
        assertEquals("synthesizer", e.setting());
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "the sleeping grandchild was killed");
    }

    @Test
    void aNonZeroExitQuotesTheLastLinesOfStderr(@TempDir Path dir) throws Exception {
        requireSh();
        List<String> program = List.of("/bin/sh", "-c", "for i in $(seq 1 40); do echo line $i >&2; done; echo out; exit 3");
        FidelException e = assertThrows(FidelException.class,
                () -> ExternalProgram.run(program, dir, Map.of(), 30, dir.resolve("call"), "the test program"));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("line 40") && e.getMessage().contains("line 26") && !e.getMessage().contains("line 25\n"),
                "the last 15 lines: " + e.getMessage());
        assertEquals("out\n", Files.readString(dir.resolve("call.stdout.txt")), "stdout is kept");
    }

    @Test
    void argumentsReachTheProgramAsTheyAreWithTheEnvironmentAdded(@TempDir Path dir) throws Exception {
        requireSh();
        String text = "ሰላም $(touch " + dir.resolve("pwned") + ") `touch " + dir.resolve("pwned2") + "`; rm -rf " + dir;
        ExternalProgram.run(List.of("/bin/sh", "-c", "printf '%s|%s' \"$1\" \"$FIDEL_TEST\"", "sh", text), dir,
                Map.of("FIDEL_TEST", "value"), 30, dir.resolve("call"), "the test program");
        assertEquals(text + "|value", Files.readString(dir.resolve("call.stdout.txt")));
        assertFalse(Files.exists(dir.resolve("pwned")) || Files.exists(dir.resolve("pwned2")), "nothing in the text was run");
    }

    @Test
    void aProgramThatCannotStartIsNamed(@TempDir Path dir) {
        FidelException e = assertThrows(FidelException.class, () -> ExternalProgram.run(List.of("/no/such/program-xyz"), dir,
                Map.of(), 5, dir.resolve("call"), "the command synthesizer"));
        assertTrue(e.getMessage().contains("cannot start the command synthesizer (/no/such/program-xyz)"), e.getMessage());
    }
}
