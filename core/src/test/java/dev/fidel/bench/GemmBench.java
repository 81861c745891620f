package dev.fidel.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.fidel.util.TorchEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The matrix products of one nano training step (16 x 112 positions, width 256) timed alone in thread CPU time, so
 * a busy machine disturbs them little: what DJL's libtorch (2.7.1, MKL inside) takes for the same products as the
 * twin's libtorch (Debian's 1.13 with OpenBLAS). {@code scripts/twin/gemm_twin.py} prints the same lines.
 *
 * <p>{@code FIDEL_THREADS=1 scripts/bench GemmBench [REPEATS]}
 */
public final class GemmBench {

    /** Left and right shapes: linear forward, its input gradient, its weight gradient; heads; attention. */
    static final long[][][] SHAPES = {
        {{1792, 256}, {256, 768}}, {{1792, 768}, {768, 256}}, {{768, 1792}, {1792, 256}},
        {{1792, 256}, {256, 1024}}, {{1792, 1024}, {1024, 256}}, {{1024, 1792}, {1792, 256}},
        {{1232, 256}, {256, 258}}, {{258, 1232}, {1232, 256}},
        {{64, 112, 64}, {64, 64, 112}}, {{64, 112, 112}, {64, 112, 64}}};

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double total = 0;
        try (NDManager manager = TorchEngine.newManager()) {
            for (long[][] s : SHAPES) {
                NDArray a = manager.randomNormal(new Shape(s[0]));
                NDArray b = manager.randomNormal(new Shape(s[1]));
                for (int i = 0; i < 5; i++) {
                    try (NDScope scope = new NDScope()) {
                        a.matMul(b).getFloat(new long[s[0].length]);
                    }
                }
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < repeats; i++) {
                    try (NDScope scope = new NDScope()) {
                        a.matMul(b);
                    }
                }
                double millis = (threads.getCurrentThreadCpuTime() - start) / 1e6 / repeats;
                total += millis;
                System.out.printf("%s x %s: %.3f ms%n", Arrays.toString(s[0]), Arrays.toString(s[1]), millis);
            }
        }
        System.out.printf("all: %.3f ms (thread CPU)%n", total);
    }
}
