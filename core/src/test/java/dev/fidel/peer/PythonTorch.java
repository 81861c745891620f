package dev.fidel.peer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's python3-torch as the reference: makes fixture checkpoints and loads what Fidel writes. Tests skip without it. */
final class PythonTorch {

    private static String python;

    private PythonTorch() {
    }

    /** A python3 that imports torch, or the test is skipped with the reason printed. */
    static synchronized String python() {
        if (python == null) {
            for (String candidate : List.of("/usr/bin/python3", "python3")) {
                try {
                    Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        python = candidate;
                        break;
                    }
                } catch (IOException | InterruptedException e) {
                    // try the next
                }
            }
            if (python == null) {
                python = "";
            }
        }
        if (python.isEmpty()) {
            System.out.println("SKIPPED: no python3 with torch (apt-get install python3-torch)");
        }
        assumeTrue(!python.isEmpty(), "python3-torch is not installed");
        return python;
    }

    /** Runs the fixture script; returns its standard output. */
    static String run(Path work, String... args) throws IOException, InterruptedException {
        Path script = work.resolve("peer_fixtures.py");
        if (!Files.exists(script)) {
            try (InputStream in = PythonTorch.class.getResourceAsStream("peer_fixtures.py")) {
                Files.copy(in, script);
            }
        }
        List<String> command = new ArrayList<>(List.of(python(), script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python " + command + " failed: " + out);
        }
        return out;
    }

    /** What torch.load(weights_only=True) finds in {@code pth}: keys, shapes, dtypes, sums. */
    static JsonNode load(Path work, Path pth) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(run(work, "load", pth.toString()));
    }
}
