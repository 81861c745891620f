package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.event.EventSink;
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

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + goal() + " (" + FidelProperties.SKIP + ")");
            return;
        }
        try {
            run(events());
        } catch (VerdictException e) {
            throw new MojoFailureException(withSetting(e), e);
        } catch (FidelException e) {
            throw new MojoExecutionException(withSetting(e), e);
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
}
