package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.CudaProbeLog;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: {@code skip} and {@code force}, the core's events on Maven's log, and the
 * mapping of core exceptions: a {@link VerdictException} (the user's data or model failed a check)
 * is a {@link MojoFailureException}; any other {@link FidelException} is a
 * {@link MojoExecutionException} whose message names the POM element to change.
 */
public abstract class AbstractFidelMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Skips this goal. */
    @Parameter(property = FidelProperties.SKIP, defaultValue = "false")
    protected boolean skip;

    /** Redoes the work even when its inputs and settings are unchanged. */
    @Parameter(property = FidelProperties.FORCE, defaultValue = "false")
    protected boolean force;

    /**
     * A normalizer profile JSON file (the format of {@code normalizer-profile.json}, which prepare-data writes beside
     * {@code manifest.json}); unset: the built-in Amharic profile. Every goal of a pipeline must use the same one.
     */
    @Parameter(property = FidelProperties.NORMALIZER_PROFILE)
    protected File normalizerProfile;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + goal() + " (" + FidelProperties.SKIP + ")");
            return;
        }
        CudaProbeLog.quietOnCpu();
        try {
            run(events());
        } catch (VerdictException e) {
            throw new MojoFailureException(withSetting(e), e);
        } catch (FidelException e) {
            throw new MojoExecutionException(withSetting(e), e);
        }
    }

    /** The profile {@code <normalizerProfile>} names (the built-in one when unset); the log names a configured file. */
    protected NormalizerProfile configuredProfile() throws FidelException {
        NormalizerProfile profile = NormalizerProfile.configured(normalizerProfile == null ? null : normalizerProfile.toPath());
        if (normalizerProfile != null) {
            getLog().info("normalizer profile " + normalizerProfile + ": \"" + profile.name() + "\" " + profile.sha256().substring(0, 12));
        }
        return profile;
    }

    /** {@code <normalizerDrift>}: FAIL or REPORT, in any case. */
    protected static NormalizerDrift drift(String value) throws FidelException {
        try {
            return NormalizerDrift.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FidelException("<" + NormalizerDrift.SETTING + "> '" + value + "' is not one of FAIL, REPORT", NormalizerDrift.SETTING, e);
        }
    }

    /** The goal's work: build one request, call the core, report. */
    protected abstract void run(EventSink events) throws FidelException;

    /** The goal's name, for log lines. */
    protected abstract String goal();

    protected EventSink events() {
        return new EventSink() {
            @Override
            public void info(String message) {
                getLog().info(message);
            }

            @Override
            public void warn(String message) {
                getLog().warn(message);
            }
        };
    }

    private String withSetting(FidelException e) {
        return e.setting() == null ? e.getMessage() : e.getMessage() + " (check <" + e.setting() + ">)";
    }

    /** {@code file} as a path (null stays null: an unset optional parameter). */
    protected static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
