package dev.fidel.util;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * The one way in to DJL's PyTorch engine: every engine and every base {@link NDManager} of Fidel's own code come from
 * here, so that the engine's math kernels are chosen before libtorch is loaded.
 *
 * <p>DJL's libtorch for CPU carries Intel MKL, which picks its matrix kernels by CPU vendor: on an AMD CPU with
 * AVX-512 (Zen 4, Zen 5) it takes its generic AVX2 path, about half the speed of the AVX-512 kernels the same CPU
 * runs (measured on a 2-core Zen 5: a nano training step's matrix products 36 ms against 18). On such a CPU this class
 * loads {@code libfidel_mkl_any_cpu.so} (built from {@code core/src/main/c/mkl_any_cpu.c}) globally before libtorch, so
 * that MKL's vendor question is answered by the instruction sets the CPU reports. {@code -Dfidel.mkl.amdAvx512=false}
 * leaves MKL's own choice. Before libtorch loads it also sets how malloc keeps freed memory ({@link NativeMemory}).
 * Products are the same up to float rounding either way ({@code TorchEngineTest}); a JVM whose libtorch was loaded
 * before this class ran (by code that went to DJL directly) keeps MKL's choice.
 */
public final class TorchEngine {

    /** The system property that turns the AVX-512 kernels on AMD CPUs off ({@code false}). */
    public static final String AMD_AVX512_PROPERTY = "fidel.mkl.amdAvx512";

    private static final String LIBRARY = "libfidel_mkl_any_cpu.so";
    private static String kernels;

    private TorchEngine() {
    }

    /** DJL's engine, with the math kernels chosen first. */
    public static Engine engine() {
        chooseKernels();
        return Engine.getInstance();
    }

    /** A new base manager on the engine's default device. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /** A new base manager on {@code device}. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /** One line saying which matrix kernels the engine uses and how native memory is kept, and why, for the run's log. */
    public static String kernels() {
        chooseKernels();
        return kernels;
    }

    private static synchronized void chooseKernels() {
        if (kernels != null) {
            return;
        }
        kernels = choose();
        if (linuxX86()) {
            kernels += "; " + NativeMemory.keepFreedMemory();
        }
    }

    private static boolean linuxX86() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** Whether {@code /proc/cpuinfo}'s lines describe an AMD CPU with AVX-512 (the foundation set, {@code avx512f}). */
    static boolean amdWithAvx512(List<String> cpuinfo) {
        boolean amd = cpuinfo.stream().anyMatch(line -> line.startsWith("vendor_id") && line.endsWith("AuthenticAMD"));
        boolean avx512 = cpuinfo.stream().anyMatch(line -> line.startsWith("flags") && (" " + line + " ").contains(" avx512f "));
        return amd && avx512;
    }

    private static String choose() {
        if (!linuxX86()) {
            return "math kernels: the engine's own choice (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
        }
        List<String> cpu;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return "math kernels: the engine's own choice (/proc/cpuinfo unreadable: " + e.getMessage() + ")";
        }
        if (!amdWithAvx512(cpu)) {
            return "math kernels: MKL's own choice (not an AMD CPU with AVX-512)";
        }
        String setting = System.getProperty(AMD_AVX512_PROPERTY, "true");
        if (!setting.equalsIgnoreCase("true") && !setting.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("-D" + AMD_AVX512_PROPERTY + "=" + setting + " is neither true nor false");
        }
        if (setting.equalsIgnoreCase("false")) {
            return "math kernels: MKL's generic AVX2 path on this AMD CPU with AVX-512 (-D" + AMD_AVX512_PROPERTY + "=false)";
        }
        try {
            Optional<Path> library = NativeLibraries.unpack(LIBRARY);
            if (library.isEmpty()) {
                return "math kernels: MKL's generic AVX2 path on this AMD CPU with AVX-512 (this Fidel was built without a C "
                        + "compiler, so without " + LIBRARY + "; see core/src/main/c/mkl_any_cpu.c)";
            }
            Loader.loadGlobal(library.get().toString());
            String own = System.getProperty("PYTORCH_LIBRARY_PATH", System.getenv("PYTORCH_LIBRARY_PATH"));
            return "math kernels: MKL's AVX-512 kernels on this AMD CPU (vendor check answered by the CPU's instruction sets"
                    + (own == null ? "" : ", where the libtorch in PYTORCH_LIBRARY_PATH carries MKL as DJL's own does; an OpenBLAS "
                    + "one picks its kernels itself, OPENBLAS_CORETYPE overrides it") + "; -D" + AMD_AVX512_PROPERTY
                    + "=false for MKL's own choice)";
        } catch (IOException | UnsatisfiedLinkError e) {
            return "math kernels: MKL's generic AVX2 path on this AMD CPU with AVX-512 (" + LIBRARY + " did not load: " + e.getMessage()
                    + ")";
        }
    }
}
