package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void rateHalvesExactlyAtEachMilestoneStep() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3f, 0, List.of(100, 250), 0.5f);
        assertEquals(1e-3f, schedule.at(99));
        assertEquals(5e-4f, schedule.at(100));
        assertEquals(5e-4f, schedule.at(249));
        assertEquals(2.5e-4f, schedule.at(250));
        assertEquals(2.5e-4f, schedule.at(10_000));
    }

    @Test
    void warmUpRisesLinearlyToThePeak() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3f, 10, List.of(), 0.5f);
        assertEquals(1e-4f, schedule.at(0), 1e-9f);
        assertEquals(5e-4f, schedule.at(4), 1e-9f);
        assertEquals(1e-3f, schedule.at(9), 1e-9f);
        assertEquals(1e-3f, schedule.at(10), 1e-9f);
    }

    @Test
    void milestonesMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3f, 0, List.of(200, 100), 0.5f));
    }
}
