package dev.fidel.util;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * The engine's intra-op thread count for one stretch of work. Batch-1 generation is thousands of tiny
 * operations, where a second thread costs more in hand-offs than it saves (measured on 2 cores: 1 thread
 * 2.30 ms per code, 2 threads 3.74; under load several times worse), while training's large operations gain
 * from every thread; so generation runs on {@link #GENERATION} threads whatever the run's setting
 * ({@code -Dai.djl.pytorch.num_threads}) is.
 */
public final class EngineThreads {

    /** Intra-op threads code generation runs with. */
    public static final int GENERATION = 1;

    private EngineThreads() {
    }

    /** Runs {@code work} with {@code threads} intra-op threads, then puts the previous count back. */
    public static <T> T with(int threads, Supplier<T> work) {
        TorchEngine.engine();   // loads the native library before it is asked
        int previous = JniUtils.getNumThreads();
        if (previous == threads) {
            return work.get();
        }
        JniUtils.setNumThreads(threads);
        try {
            return work.get();
        } finally {
            JniUtils.setNumThreads(previous);
        }
    }
}
