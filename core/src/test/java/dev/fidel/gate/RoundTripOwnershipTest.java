package dev.fidel.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, defect 10: verify-roundtrip writes audio/N.wav only over a file it wrote, as it wrote it. */
class RoundTripOwnershipTest {

    @Test
    void aClipTheUserReplacedIsNotWrittenOver(@TempDir Path dir) throws Exception {
        RoundTrip.Settings settings = new RoundTrip.Settings(0.35, null, 0.02, 3);
        RoundTripTest.run(RoundTripTest.channel(0), settings, dir);
        // The user keeps a recording of their own where the report's second clip was.
        byte[] theirs = "RIFF my own recording".getBytes();
        Files.write(dir.resolve("audio/1.wav"), theirs);
        FidelException e = assertThrows(FidelException.class, () -> RoundTripTest.run(RoundTripTest.channel(0), settings, dir));
        assertTrue(e.getMessage().contains("audio/1.wav"), e.getMessage());
        assertArrayEquals(theirs, Files.readAllBytes(dir.resolve("audio/1.wav")));
        // The clips Fidel wrote are its own to rewrite.
        Files.delete(dir.resolve("audio/1.wav"));
        RoundTripTest.run(RoundTripTest.channel(0), settings, dir);
        assertTrue(Files.isRegularFile(dir.resolve("audio/1.wav")));
    }
}
