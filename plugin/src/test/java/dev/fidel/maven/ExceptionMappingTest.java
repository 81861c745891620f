package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.event.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's typed exceptions as Maven sees them: a verdict on the user's data or model fails the build
 * ({@link MojoFailureException}), a broken setup or I/O is an error ({@link MojoExecutionException}), and the message names
 * the POM element and its {@code -D} property.
 */
class ExceptionMappingTest {

    @TempDir
    Path dir;

    /** A goal whose work throws what it is given, described as finetune (so its parameters' properties are known). */
    static final class Throwing extends AbstractFidelMojo {
        Exception thrown;
        boolean ran;

        @Override
        protected void run(EventSink events) throws FidelException, IOException {
            ran = true;
            if (thrown instanceof FidelException f) {
                throw f;
            }
            throw (IOException) thrown;
        }

        @Override
        protected String goal() {
            return "finetune";
        }
    }

    private Throwing throwing(Exception e) {
        Throwing mojo = new Throwing();
        MojoFixture.set(mojo, "mojoExecution", new MojoExecution(MojoFixture.mojo(FinetuneMojo.class)));
        mojo.thrown = e;
        return mojo;
    }

    @Test
    void aVerdictFailsTheBuildNamingTheElementAndItsProperty() {
        VerdictException verdict = new VerdictException("validation code loss fell 3%, less than 20%", "minImprovement");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> throwing(verdict).execute());
        assertEquals("validation code loss fell 3%, less than 20% (check <minImprovement>, -Dfidel.finetune.minImprovement)",
                e.getMessage());
        assertSame(verdict, e.getCause());
    }

    @Test
    void aSetupProblemIsAnErrorNamingTheElementAndItsPropertyOnce() {
        MojoExecutionException plain = assertThrows(MojoExecutionException.class,
                () -> throwing(new FidelException("<maxSteps> 0 must be positive", "maxSteps", null)).execute());
        assertEquals("<maxSteps> 0 must be positive (check <maxSteps>, -Dfidel.finetune.maxSteps)", plain.getMessage());
        MojoExecutionException named = assertThrows(MojoExecutionException.class,
                () -> throwing(new FidelException("set <device>cpu</device> (-Dfidel.device=cpu)", "device", null)).execute());
        assertEquals("set <device>cpu</device> (-Dfidel.device=cpu) (check <device>)", named.getMessage());
    }

    @Test
    void anElementWithoutAPropertyOrNoElementAtAllIsNamedAsFarAsItCanBe() {
        MojoExecutionException noProperty = assertThrows(MojoExecutionException.class,
                () -> throwing(new FidelException("train.jsonl line 3: no audio", "trainManifest", null)).execute());
        assertEquals("train.jsonl line 3: no audio (check <trainManifest>)", noProperty.getMessage());
        MojoExecutionException noSetting = assertThrows(MojoExecutionException.class,
                () -> throwing(new FidelException("the engine failed")).execute());
        assertEquals("the engine failed", noSetting.getMessage());
    }

    @Test
    void anIoErrorIsAnErrorNamingTheGoal() {
        IOException io = new IOException("No space left on device");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> throwing(io).execute());
        assertEquals("finetune failed reading or writing its files: No space left on device", e.getMessage());
        assertSame(io, e.getCause());
    }

    @Test
    void skipDoesNoWork() throws Exception {
        Throwing mojo = throwing(new FidelException("must not run"));
        MojoFixture.set(mojo, "skip", true);
        mojo.execute();
        assertFalse(mojo.ran);
    }

    @Test
    void skipTestsSkipsVerifyRoundtripBeforeAnyParameterIsRead() throws Exception {
        VerifyRoundtripMojo mojo = MojoFixture.withDefaults(VerifyRoundtripMojo.class, dir);
        MojoFixture.set(mojo, "skipTests", true);
        MojoFixture.set(mojo, "recognizer", "no such recognizer");
        mojo.execute();
        assertFalse(dir.resolve("target").toFile().exists());
    }
}
