package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.BoundedFiles;
import dev.fidel.util.CudaProbeLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: {@code skip} and {@code force}, the core's events on Maven's log, and the
 * mapping of core exceptions: a {@link VerdictException} (the user's data or model failed a check)
 * is a {@link MojoFailureException}; any other {@link FidelException} is a
 * {@link MojoExecutionException} whose message names the POM element to change and its {@code -D} property; an
 * I/O error is a {@link MojoExecutionException} naming the goal.
 */
public abstract class AbstractFidelMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** This goal's execution: its descriptor knows each parameter's {@code -D} property, which error messages name. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected MojoExecution mojoExecution;

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
            throw new MojoFailureException(message(e), e);
        } catch (FidelException e) {
            throw new MojoExecutionException(message(e), e);
        } catch (BoundedFiles.TooLarge e) {
            throw new MojoExecutionException(message(new FidelException(e.getMessage(), e.setting(), e)), e);
        } catch (IOException e) {
            throw new MojoExecutionException(goal() + " failed reading or writing its files: " + e.getMessage(), e);
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
        return EnumParameter.parse(NormalizerDrift.class, value, NormalizerDrift.SETTING, FidelProperties.NORMALIZER_DRIFT);
    }

    /** The goal's work: build one request, call the core, report. */
    protected abstract void run(EventSink events) throws FidelException, IOException;

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

    /**
     * The message a core exception becomes: its own, then the POM element it names and that element's {@code -D} property
     * ({@code (check <maxCer>, -Dfidel.maxCer)}), unless the message says the property already.
     */
    String message(FidelException e) {
        if (e.setting() == null) {
            return e.getMessage();
        }
        String property = property(e.setting());
        boolean named = property == null || e.getMessage().contains("-D" + property);
        return e.getMessage() + " (check <" + e.setting() + ">" + (named ? "" : ", -D" + property) + ")";
    }

    /** The {@code -D} property of this goal's parameter {@code element}, from the plugin descriptor; null when it has none. */
    String property(String element) {
        if (mojoExecution == null || mojoExecution.getMojoDescriptor() == null
                || mojoExecution.getMojoDescriptor().getParameterMap().get(element) == null) {
            return null;
        }
        String expression = mojoExecution.getMojoDescriptor().getParameterMap().get(element).getExpression();
        return expression != null && expression.startsWith("${") && expression.endsWith("}") && !expression.startsWith("${project")
                ? expression.substring(2, expression.length() - 1) : null;
    }

    /** {@code file} as a path (null stays null: an unset optional parameter). */
    protected static Path path(File file) {
        return file == null ? null : file.toPath();
    }

    /** {@code files} as paths (null: an unset list parameter, none). */
    protected static List<Path> paths(List<File> files) {
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }
}
