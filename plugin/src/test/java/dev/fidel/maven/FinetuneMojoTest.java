package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.training.FinetuneRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** finetune's parameters reach the core's request, each to its own setting, with the core's defaults. */
class FinetuneMojoTest {

    @TempDir
    Path dir;

    @Test
    void thePomDefaultsAreTheCoresDefaults() throws FidelException {
        Path fidel = dir.resolve("target/fidel");
        FinetuneRequest expected = FinetuneRequest.builder(fidel.resolve("data/train.jsonl"), fidel.resolve("data/val.jsonl"),
                fidel.resolve("vocabulary"), fidel.resolve("checkpoints")).build();
        assertEquals(expected, MojoFixture.withDefaults(FinetuneMojo.class, dir).request());
    }

    @Test
    void everyParameterReachesItsOwnSetting() throws FidelException {
        FinetuneMojo mojo = MojoFixture.withDefaults(FinetuneMojo.class, dir);
        Object[][] values = {
            {"baseCheckpoint", new File("/base")}, {"codec", new File("/codec.json")}, {"preset", "small"}, {"learningRate", 0.003f},
            {"weightDecay", 0.05f}, {"milestones", List.of(300, 600)}, {"milestoneUnit", "epochs"}, {"gamma", 0.25f},
            {"warmupSteps", 7}, {"maxSteps", 900}, {"gradAccumSteps", 3}, {"emaDecay", 0.99f}, {"batchFrames", 1234},
            {"mode", "lora"}, {"freezeLayers", 2}, {"freezeConditioning", true}, {"loraRank", 4}, {"loraAlpha", 12f},
            {"textLossWeight", 0.02f}, {"codeLossWeight", 0.9f}, {"clipNorm", 0.5f}, {"seed", 42L}, {"device", "gpu"},
            {"checkpointEvery", 50}, {"keep", 5}, {"minImprovement", 0.1f}, {"force", true}, {"normalizerDrift", "report"},
            {"trainManifest", new File("/t.jsonl")}, {"validationManifest", new File("/v.jsonl")}, {"vocabulary", new File("/voc")},
            {"outputDirectory", new File("/out")}};
        for (Object[] v : values) {
            MojoFixture.set(mojo, (String) v[0], v[1]);
        }
        FinetuneRequest r = mojo.request();
        List<Object> got = List.of(r.baseCheckpoint(), r.codec(), r.preset(), r.learningRate(), r.weightDecay(), r.milestones(),
                r.milestoneUnit(), r.gamma(), r.warmupSteps(), r.maxSteps(), r.gradAccumSteps(), r.emaDecay(), r.batchFrames(), r.mode(),
                r.freezeLayers(), r.freezeConditioning(), r.loraRank(), r.loraAlpha(), r.textLossWeight(), r.codeLossWeight(),
                r.clipNorm(), r.seed(), r.device(), r.checkpointEvery(), r.keep(), r.minImprovement(), r.force(), r.normalizerDrift(),
                r.trainManifest(), r.validationManifest(), r.vocabulary(), r.outputDirectory());
        for (int i = 0; i < values.length; i++) {
            Object want = values[i][1] instanceof File f ? f.toPath() : values[i][0].equals("normalizerDrift") ? NormalizerDrift.REPORT
                    : values[i][1];
            assertEquals(want, got.get(i), "<" + values[i][0] + ">");
        }
    }

    @Test
    void anUnknownNormalizerDriftListsTheChoicesAndNamesTheElementAndProperty() {
        FinetuneMojo mojo = MojoFixture.withDefaults(FinetuneMojo.class, dir);
        MojoFixture.set(mojo, "normalizerDrift", "warn");
        FidelException e = assertThrows(FidelException.class, mojo::request);
        assertEquals("<normalizerDrift> 'warn' is not one of fail, report (any case); -Dfidel.normalizerDrift=... (check <normalizerDrift>)",
                mojo.message(e));
    }
}
