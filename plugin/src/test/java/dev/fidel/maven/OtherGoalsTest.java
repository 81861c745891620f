package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.QualityLimits;
import dev.fidel.peer.CheckpointResize;
import dev.fidel.vocabulary.CoverageCheck;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare-data, check-coverage and resize-checkpoint: their parameters as the core's requests. */
class OtherGoalsTest {

    @TempDir
    Path dir;

    @Test
    void prepareDataReadsTheCorpusFolderAndWritesTheDataFolderWithTheCoresDefaultLimits() {
        PrepareDataRequest r = MojoFixture.withDefaults(PrepareDataMojo.class, dir).request();
        assertEquals(new PrepareDataRequest(dir.resolve("corpus"), dir.resolve("target/fidel/data"), PrepareDataRequest.DEFAULT_SAMPLE_RATE,
                QualityLimits.defaults(), PrepareDataRequest.DEFAULT_MAX_REJECTED_RATIO, false, PrepareDataRequest.defaultThreads()), r);
    }

    @Test
    void prepareDataMapsEachSetting() {
        PrepareDataMojo mojo = MojoFixture.withDefaults(PrepareDataMojo.class, dir);
        MojoFixture.set(mojo, "sampleRate", 16000);
        MojoFixture.set(mojo, "minDuration", 0.5);
        MojoFixture.set(mojo, "maxDuration", 12.0);
        MojoFixture.set(mojo, "maxRejectedRatio", 0.05);
        MojoFixture.set(mojo, "force", true);
        PrepareDataRequest r = mojo.request();
        assertEquals(List.of(16000, QualityLimits.withDurations(0.5, 12), 0.05, true),
                List.of(r.sampleRate(), r.limits(), r.maxRejectedRatio(), r.force()));
    }

    @Test
    void checkCoverageChecksThePreparedSplitsThatExistUnlessManifestsAreListed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("target/fidel/data"));
        Files.writeString(data.resolve("train.jsonl"), "");
        Files.writeString(data.resolve("test.jsonl"), "");
        CheckCoverageMojo mojo = MojoFixture.withDefaults(CheckCoverageMojo.class, dir);
        CoverageCheck.Request r = mojo.request();
        assertEquals(List.of(data.resolve("train.jsonl"), data.resolve("test.jsonl")), r.manifests());
        assertEquals(List.of(dir.resolve("target/fidel/vocabulary"), dir.resolve("target/fidel/coverage.json"), 0.99, 0.05),
                List.of(r.vocabulary(), r.reportFile(), r.minCoverage(), r.maxUnknownRate()));
        MojoFixture.set(mojo, "manifests", List.of(new File("/m.jsonl")));
        MojoFixture.set(mojo, "texts", List.of(new File("/t.txt")));
        assertEquals(List.of(List.of(Path.of("/m.jsonl")), List.of(Path.of("/t.txt"))), List.of(mojo.request().manifests(),
                mojo.request().texts()));
    }

    @Test
    void resizeCheckpointNamesTheMissingPeerFileAndItsProperty() throws FidelException {
        ResizeCheckpointMojo mojo = MojoFixture.withDefaults(ResizeCheckpointMojo.class, dir);
        FidelException e = assertThrows(FidelException.class, mojo::request);
        assertEquals("<baseCheckpoint> is not set: name the peer's model.pth or gpt.pth (or -Dfidel.resize.baseCheckpoint=...) "
                + "(check <baseCheckpoint>)", mojo.message(e));
        MojoFixture.set(mojo, "baseCheckpoint", new File("/p/model.pth"));
        MojoFixture.set(mojo, "baseTokenizer", new File("/p/vocab.json"));
        assertEquals("baseConfig", assertThrows(FidelException.class, mojo::request).setting());
        MojoFixture.set(mojo, "baseConfig", new File("/p/config.json"));
        CheckpointResize.Request r = mojo.request();
        assertEquals(List.of(Path.of("/p/model.pth"), Path.of("/p/vocab.json"), dir.resolve("target/fidel/vocabulary"),
                Path.of("/p/config.json"), dir.resolve("target/fidel/peer-model")),
                List.of(r.baseCheckpoint(), r.baseTokenizer(), r.tokenizer(), r.baseConfig(), r.outputDirectory()));
    }
}
