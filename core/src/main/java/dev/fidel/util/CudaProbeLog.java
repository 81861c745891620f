package dev.fidel.util;

/**
 * Quiets DJL's CUDA probe on CPU runs. Whenever DJL starts it asks the CUDA runtime for the GPU count; on a
 * machine with a CUDA runtime library but no driver (or no GPU) its {@code ai.djl.util.cuda.CudaUtils} logs
 * "Failed to detect GPU count: CUDA driver version is insufficient ..." at WARN, twice per JVM, though Fidel's
 * bundled engine is CPU-only and cannot use a GPU anyway. Where the user brought an engine of their own
 * ({@code PYTORCH_LIBRARY_PATH}, the GPU route) the warning stays: then it explains a GPU that is not found.
 *
 * <p>Works through slf4j-simple's per-logger level ({@code org.slf4j.simpleLogger.log.<name>}), which Maven's own
 * logger also reads, and which a logger takes when it is created: call it before DJL's first use in the JVM. A
 * level the user set is kept.
 */
public final class CudaProbeLog {

    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

    private CudaProbeLog() {
    }

    /** Sets the probe's log level to error unless {@code PYTORCH_LIBRARY_PATH} names an engine or a level is set. */
    public static void quietOnCpu() {
        quietOnCpu(System.getenv("PYTORCH_LIBRARY_PATH"));
    }

    static void quietOnCpu(String libraryPath) {
        boolean ownEngine = libraryPath != null && !libraryPath.isBlank()
                || System.getProperty("PYTORCH_LIBRARY_PATH") != null;
        if (!ownEngine && System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, "error");
        }
    }
}
