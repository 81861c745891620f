package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.config.Adaptation;
import dev.fidel.config.ComputeDevice;
import dev.fidel.config.LossWeights;
import dev.fidel.config.ModelPreset;
import dev.fidel.config.Run;
import dev.fidel.config.Schedule;
import dev.fidel.config.TrainingConfig;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.util.SettingsFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request's settings are typed parts, each refused naming its element; the parts are what a rerun compares. */
class TrainingConfigTest {

    @TempDir
    Path dir;

    private FinetuneRequest.Builder request() throws Exception {
        Files.writeString(dir.resolve("train.jsonl"), "{}\n");
        Files.writeString(dir.resolve("val.jsonl"), "{}\n");
        Files.writeString(dir.resolve("vocabulary.model"), "model");
        return FinetuneRequest.defaults(dir, dir.resolve("vocabulary.model"), dir.resolve("out")).toBuilder();
    }

    @Test
    void theRequestBecomesTypedParts() throws Exception {
        TrainingConfig c = request().preset(ModelPreset.SMALL).milestones(List.of(2, 4), Schedule.Unit.EPOCHS).device(ComputeDevice.GPU)
                .mode(Adaptation.Kind.LORA).lora(4, 8f).baseCheckpoint(dir.resolve("base")).lossWeights(0.2f, 0.8f).seed(7).build().training();
        assertEquals(ModelPreset.SMALL, c.preset());
        assertEquals(new Schedule(100, List.of(2, 4), Schedule.Unit.EPOCHS, 0.5f), c.schedule());
        assertEquals(new Adaptation.Lora(4, 8f, Adaptation.Lora.TARGETS), c.adaptation());
        assertEquals(new LossWeights(0.2f, 0.8f), c.lossWeights());
        assertEquals(new Run(2000, 2400, 1, 7), c.run());
        assertEquals(ComputeDevice.GPU, c.device());
        assertEquals(new Adaptation.Freeze(2, true), request().mode(Adaptation.Kind.FREEZE).freeze(2, true).lora(3, 1f).build().training()
                .adaptation(), "only the chosen mode's settings are part of it");
        assertEquals(new Adaptation.Full(), request().freeze(2, true).build().training().adaptation());
        FinetuneRequest lora = request().mode(Adaptation.Kind.LORA).lora(4, 8f).baseCheckpoint(dir).seed(9).build();
        assertEquals(lora, lora.toBuilder().build(), "toBuilder keeps every setting");
    }

    @Test
    void eachWrongValueIsRefusedNamingItsElement() throws Exception {
        assertRefused(request().milestones(List.of(4, 2), Schedule.Unit.STEPS), "milestones", "must be positive and increasing");
        assertRefused(request().mode(Adaptation.Kind.FREEZE).freeze(0, false), "freezeLayers", "freezes nothing");
        assertRefused(request().mode(Adaptation.Kind.LORA).lora(0, 16f).baseCheckpoint(dir), "loraRank", "<loraRank> 0 must be at least 1");
        assertRefused(request().mode(Adaptation.Kind.LORA), "baseCheckpoint", "no <baseCheckpoint> is set");
        assertRefused(request().keep(0), "maxSteps", "<maxSteps>, <checkpointEvery>, <keep> and <batchFrames> must be positive");
        assertRefused(request().emaDecay(1f), "emaDecay", "<emaDecay> 1.0 must be 0");
        assertRefused(request().gradAccumSteps(0), "gradAccumSteps", "must be at least 1");
    }

    private static void assertRefused(FinetuneRequest.Builder request, String setting, String words) {
        FidelException e = assertThrows(FidelException.class, () -> request.build().check());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void epochMilestonesBecomeOptimizerStepsInOnePlaceAndOneAtOrPastTheEndIsRefused() throws Exception {
        List<String> log = new ArrayList<>();
        Schedule epochs = new Schedule(10, List.of(1, 3), Schedule.Unit.EPOCHS, 0.5f);
        // 10 batches per epoch, 4 per optimizer step: 2.5 optimizer steps per epoch
        assertEquals(List.of(3, 8), epochs.milestoneSteps(10, 4, 20, CollectedEvents.into(log)));
        assertTrue(log.get(0).contains("milestones [1, 3] in epochs are optimizer steps [3, 8] (10 batches per epoch / "
                + "<gradAccumSteps> 4 = 2.50 optimizer steps per epoch; <maxSteps> 20 is 8.0 epochs)"), log.get(0));
        assertEquals(List.of(1, 3), new Schedule(10, List.of(1, 3), Schedule.Unit.STEPS, 0.5f).milestoneSteps(10, 4, 20, EventSink.NONE));
        FidelException late = assertThrows(FidelException.class, () -> epochs.milestoneSteps(10, 4, 8, EventSink.NONE));
        assertEquals("milestones", late.setting());
        assertTrue(late.getMessage().contains("<milestones> 3 epochs (optimizer step 8 at 2.50 steps per epoch) is not before "
                + "<maxSteps> 8"), late.getMessage());
    }

    @Test
    void aRerunNamesEachPartThatChangedAndOnlyIdentifyingPartsMakeAnotherRun() throws Exception {
        FinetuneRequest before = request().milestones(List.of(100, 200), Schedule.Unit.STEPS).maxSteps(400).build();
        FinetuneRequest after = before.toBuilder().milestones(List.of(150, 300), Schedule.Unit.STEPS).build();
        SettingsFingerprint a = FinetuneSettings.of(before, before.training(), EventSink.NONE);
        SettingsFingerprint b = FinetuneSettings.of(after, after.training(), EventSink.NONE);
        assertEquals(List.of("schedule.milestones changed: [100, 200] -> [150, 300]"),
                b.changesSince(a.toJson(), SettingsFingerprint.Kind.IDENTIFY));
        FinetuneRequest longer = before.toBuilder().maxSteps(800).device(ComputeDevice.CPU).minImprovement(0.1f).build();
        SettingsFingerprint c = FinetuneSettings.of(longer, longer.training(), EventSink.NONE);
        assertEquals(a.identity(), c.identity(), "raising maxSteps or lowering minImprovement is the same run");
        assertEquals(List.of("run.maxSteps changed: 400 -> 800"), c.changesSince(a.toJson(), SettingsFingerprint.Kind.EXTEND));
        assertEquals(List.of("verdict.minImprovement changed: 0.2 -> 0.1"), c.changesSince(a.toJson(), SettingsFingerprint.Kind.JUDGE));
    }
}
