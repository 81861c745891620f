package dev.fidel.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TorchEngineTest {

    @Test
    void matrixProductsAreThoseOfArithmeticWhicheverKernelsTheEngineChose() {
        int n = 193;
        int k = 301;
        int m = 167;
        Random random = new Random(7);
        float[] a = new float[n * k];
        float[] b = new float[k * m];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        float[] product;
        try (NDManager manager = TorchEngine.newManager()) {
            NDArray left = manager.create(a, new Shape(n, k));
            NDArray right = manager.create(b, new Shape(k, m));
            product = left.matMul(right).toFloatArray();
        }
        double worst = 0;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < m; col++) {
                double exact = 0;
                double scale = 0;
                for (int i = 0; i < k; i++) {
                    exact += (double) a[row * k + i] * b[i * m + col];
                    scale += Math.abs((double) a[row * k + i] * b[i * m + col]);
                }
                worst = Math.max(worst, Math.abs(product[row * m + col] - exact) / scale);
            }
        }
        assertTrue(worst < 1e-6, "float32 products off by " + worst + " of their scale; " + TorchEngine.kernels());
    }

    @Test
    void onAnAmdCpuWithAvx512MklItselfReportsItsAvx512Branch() throws IOException {
        boolean amdAvx512 = TorchEngine.amdWithAvx512(Files.readAllLines(Path.of("/proc/cpuinfo")));
        boolean built = TorchEngine.class.getResource("linux-x86_64/libfidel_mkl_any_cpu.so") != null;
        String kernels = TorchEngine.kernels();
        assertTrue(kernels.startsWith("math kernels: "), kernels);
        // The branch number comes from MKL inside the loaded libtorch (mkl_serv_cbwr_get_auto_branch), not from Fidel.
        assertEquals(amdAvx512 && built, kernels.contains("MKL's AVX-512 kernels on this AMD CPU (MKL reports code branch "), kernels);
    }

    @Test
    void mklsReportIsSaidAsItIsIncludingWhenTheAnswerDidNotTakeEffect() {
        assertTrue(TorchEngine.mklReport(14, "2.7.1").startsWith("MKL's AVX-512 kernels on this AMD CPU (MKL reports code branch 14"));
        assertTrue(TorchEngine.mklReport(2, "2.7.1").contains("MKL's code branch 2 on this AMD CPU with AVX-512 (not AVX-512: the "
                + "answer to MKL's vendor question did not take effect"));
        assertTrue(TorchEngine.mklReport(10, "2.7.1").contains("not AVX-512"), "AVX2 is not what was asked for");
        assertTrue(TorchEngine.mklReport(-2, "1.13.0").contains("has no MKL"));
        assertTrue(TorchEngine.mklReport(-1, "2.7.1").contains("not checked"));
    }

    @Test
    void onLinuxGlibcAcceptsTheFreedMemorySettingsAndTheLineSaysSo() {
        // mallopt returns 1 only for settings glibc takes; their effect (page faults per step) is a benchmark figure.
        boolean built = NativeMemory.class.getResource("linux-x86_64/libfidel_native_memory.so") != null;
        boolean linux = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux");
        assertEquals(built && linux, TorchEngine.kernels().contains("native memory: freed blocks kept for reuse"), TorchEngine.kernels());
    }

    @Test
    void theCpuCheckReadsTheVendorAndTheAvx512FoundationFlag() {
        String zen5Flags = "flags\t\t: fpu sse2 avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16";
        assertTrue(TorchEngine.amdWithAvx512(List.of("vendor_id\t: AuthenticAMD", zen5Flags)));
        assertFalse(TorchEngine.amdWithAvx512(List.of("vendor_id\t: AuthenticAMD", "flags\t\t: fpu sse2 avx2 fma")), "Zen 3");
        assertFalse(TorchEngine.amdWithAvx512(List.of("vendor_id\t: GenuineIntel", zen5Flags)), "MKL takes AVX-512 on Intel itself");
        assertFalse(TorchEngine.amdWithAvx512(List.of("vendor_id\t: AuthenticAMD", "flags\t\t: avx2 avx512fp16")),
                "a flag that only starts like avx512f");
    }
}
