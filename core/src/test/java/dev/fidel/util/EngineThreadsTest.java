package dev.fidel.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/** Generation's thread count holds for the work alone: the run's own count is back afterwards, also after a failure. */
class EngineThreadsTest {

    @Test
    void theWorkRunsOnTheGivenThreadsAndTheRunsCountComesBack() {
        TorchEngine.engine();
        int before = JniUtils.getNumThreads();
        int other = before == 1 ? 2 : 1;
        assertEquals(other, EngineThreads.with(other, JniUtils::getNumThreads));
        assertEquals(before, JniUtils.getNumThreads());
        assertThrows(IllegalStateException.class, () -> EngineThreads.with(other, () -> {
            throw new IllegalStateException("generation failed");
        }));
        assertEquals(before, JniUtils.getNumThreads(), "a failed generation leaves the run's thread count");
    }
}
