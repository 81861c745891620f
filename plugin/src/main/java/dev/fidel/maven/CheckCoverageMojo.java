package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.peer.TokenizerCoverage;
import dev.fidel.vocabulary.CoverageCheck;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks how well the vocabulary (or a peer's extended tokenizer) covers the text: character coverage, unknown-token rate, tokens per
 * character and per word, the uncovered characters with examples. Writes {@code coverage.json} and fails
 * the build below {@code minCoverage} or above {@code maxUnknownRate}.
 */
@Mojo(name = "check-coverage", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class CheckCoverageMojo extends AbstractFidelMojo {

    /**
     * The vocabulary folder (or its {@code vocabulary.model}); a folder where train-vocab extended a
     * {@code <baseTokenizer>} is checked with that peer tokenizer.
     */
    @Parameter(property = FidelProperties.VOCABULARY, defaultValue = "${project.build.directory}/fidel/vocabulary")
    private File vocabulary;

    /** The lowest acceptable share of characters with a piece of their own. */
    @Parameter(property = FidelProperties.MIN_COVERAGE, defaultValue = "0.99")
    private double minCoverage;

    /** The highest acceptable share of unknown and byte-fallback tokens. */
    @Parameter(property = FidelProperties.MAX_UNKNOWN_RATE, defaultValue = "0.05")
    private double maxUnknownRate;

    /** Manifests to check; default the prepared {@code train/val/test.jsonl} that exist. */
    @Parameter
    private List<File> manifests;

    /** Plain UTF-8 text files to check besides the manifests. */
    @Parameter
    private List<File> texts;

    @Parameter(defaultValue = "${project.build.directory}/fidel/coverage.json")
    private File reportFile;

    @Override
    protected void run(EventSink events) throws FidelException {
        new TokenizerCoverage(events).run(request());
    }

    /** The parameters as the core's request; without {@code <manifests>}, the prepared splits that exist. */
    CoverageCheck.Request request() throws FidelException {
        List<Path> manifestFiles = manifests != null ? paths(manifests) : preparedManifests();
        return new CoverageCheck.Request(vocabulary.toPath(), manifestFiles, paths(texts), reportFile.toPath(), minCoverage,
                maxUnknownRate, configuredProfile(), force);
    }

    private List<Path> preparedManifests() {
        List<Path> found = new ArrayList<>();
        for (String split : List.of("train", "val", "test")) {
            Path p = Path.of(project.getBuild().getDirectory(), "fidel", "data", split + ".jsonl");
            if (Files.isRegularFile(p)) {
                found.add(p);
            }
        }
        return found;
    }

    @Override
    protected String goal() {
        return "check-coverage";
    }
}
