package dev.fidel.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CudaProbeLogTest {

    private String saved;

    @BeforeEach
    void clear() {
        saved = System.clearProperty(CudaProbeLog.LEVEL_PROPERTY);
    }

    @AfterEach
    void restore() {
        System.clearProperty(CudaProbeLog.LEVEL_PROPERTY);
        if (saved != null) {
            System.setProperty(CudaProbeLog.LEVEL_PROPERTY, saved);
        }
    }

    @Test
    void cpuRunsLogTheProbeAtErrorOnly() {
        CudaProbeLog.quietOnCpu(null);
        assertEquals("error", System.getProperty(CudaProbeLog.LEVEL_PROPERTY));
    }

    @Test
    void anEngineOfTheUsersOwnKeepsTheWarning() {
        CudaProbeLog.quietOnCpu("/opt/torch/lib");
        assertNull(System.getProperty(CudaProbeLog.LEVEL_PROPERTY), "a GPU user needs to see why no GPU was found");
    }

    @Test
    void aLevelTheUserSetIsKept() {
        System.setProperty(CudaProbeLog.LEVEL_PROPERTY, "debug");
        CudaProbeLog.quietOnCpu(null);
        assertEquals("debug", System.getProperty(CudaProbeLog.LEVEL_PROPERTY));
    }
}
