package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.config.Adaptation;
import dev.fidel.config.ComputeDevice;
import dev.fidel.config.ModelPreset;
import dev.fidel.config.Schedule;
import dev.fidel.config.TrainingConfig;
import dev.fidel.training.FinetuneRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        TrainingConfig t = r.training();
        List<Object> got = List.of(r.baseCheckpoint(), r.codec(), t.preset(), t.optimizer().learningRate(), t.optimizer().weightDecay(),
                t.schedule().milestones(), t.schedule().unit(), t.schedule().gamma(), t.schedule().warmupSteps(), t.run().maxSteps(),
                t.run().gradAccumSteps(), t.optimizer().emaDecay(), t.run().batchFrames(), t.adaptation().kind(), 2, true,
                ((Adaptation.Lora) t.adaptation()).rank(), ((Adaptation.Lora) t.adaptation()).alpha(), t.lossWeights().text(),
                t.lossWeights().code(), t.optimizer().clipNorm(), t.run().seed(), t.device(), r.checkpointEvery(), r.keep(),
                r.minImprovement(), r.force(), r.normalizerDrift(), r.trainManifest(), r.validationManifest(), r.vocabulary(),
                r.outputDirectory());
        Map<String, Object> typed = Map.of("preset", ModelPreset.SMALL, "milestoneUnit", Schedule.Unit.EPOCHS, "mode",
                Adaptation.Kind.LORA, "device", ComputeDevice.GPU, "normalizerDrift", NormalizerDrift.REPORT);
        for (int i = 0; i < values.length; i++) {
            String name = (String) values[i][0];
            Object want = values[i][1] instanceof File f ? f.toPath() : typed.getOrDefault(name, values[i][1]);
            assertEquals(want, got.get(i), "<" + name + ">");
        }
        MojoFixture.set(mojo, "mode", "freeze");
        assertEquals(new Adaptation.Freeze(2, true), mojo.request().training().adaptation(), "<freezeLayers>, <freezeConditioning>");
    }

    @Test
    void theEnumLikeParametersTakeAnyCaseAndCudaIsTheGpu() throws FidelException {
        FinetuneMojo mojo = MojoFixture.withDefaults(FinetuneMojo.class, dir);
        MojoFixture.set(mojo, "device", "cuda");
        MojoFixture.set(mojo, "preset", " Small ");
        MojoFixture.set(mojo, "milestoneUnit", "EPOCHS");
        MojoFixture.set(mojo, "mode", "Freeze");
        MojoFixture.set(mojo, "freezeLayers", 1);
        TrainingConfig t = mojo.request().training();
        assertEquals(List.of(ComputeDevice.GPU, ModelPreset.SMALL, Schedule.Unit.EPOCHS, Adaptation.Kind.FREEZE),
                List.of(t.device(), t.preset(), t.schedule().unit(), t.adaptation().kind()));
        MojoFixture.set(mojo, "device", "CPU");
        assertEquals(ComputeDevice.CPU, mojo.request().training().device());
    }

    @Test
    void aWrongEnumLikeValueListsTheAllowedValuesAndNamesTheElementAndProperty() {
        assertRefused("preset", "large",
                "<preset> 'large' is not one of nano, small (any case); -Dfidel.finetune.preset=... (check <preset>)");
        assertRefused("milestoneUnit", "minutes",
                "<milestoneUnit> 'minutes' is not one of steps, epochs (any case); -Dfidel.finetune.milestoneUnit=... (check <milestoneUnit>)");
        assertRefused("mode", "partial",
                "<mode> 'partial' is not one of full, freeze, lora (any case); -Dfidel.finetune.mode=... (check <mode>)");
        assertRefused("device", "tpu", "<device> 'tpu' is not one of cpu, gpu, cuda (any case); -Dfidel.device=... (check <device>)");
    }

    private void assertRefused(String element, String value, String message) {
        FinetuneMojo mojo = MojoFixture.withDefaults(FinetuneMojo.class, dir);
        MojoFixture.set(mojo, element, value);
        FidelException e = assertThrows(FidelException.class, mojo::request, element);
        assertEquals(element, e.setting());
        assertEquals(message, mojo.message(e));
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
