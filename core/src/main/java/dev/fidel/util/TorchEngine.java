package dev.fidel.util;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
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
 * AVX-512 (Zen 4, Zen 5) it takes its generic path, about half the speed of the AVX-512 kernels the same CPU runs
 * (measured on a 2-core Zen 5: a nano training step's matrix products 36 ms against 18). On such a CPU this class
 * loads {@code libfidel_mkl_any_cpu.so} (built from {@code core/src/main/c/mkl_any_cpu.c}) globally before libtorch, so
 * that MKL's vendor question is answered by the instruction sets the CPU reports; {@link #kernels()} then asks MKL
 * which code branch it chose, so the log says what MKL does. {@code -Dfidel.mkl.amdAvx512=false} leaves MKL's own
 * choice. Before libtorch loads it also sets how malloc keeps freed memory ({@link NativeMemory}). Products are the
 * same up to float rounding either way ({@code TorchEngineTest}). MKL asks its vendor question when it first runs, so a
 * JVM where MKL ran before this class (through code that went to DJL directly) keeps MKL's choice, and the line says
 * so (measured: branch 2 then, 14 otherwise, on Zen 5).
 */
public final class TorchEngine {

    /** The system property that turns the AVX-512 kernels on AMD CPUs off ({@code false}). */
    public static final String AMD_AVX512_PROPERTY = "fidel.mkl.amdAvx512";

    private static final String LIBRARY = "libfidel_mkl_any_cpu.so";

    /** MKL's lowest AVX-512 code branch number ({@code MKL_CBWR_AVX512}); its generic path is 2, AVX2 10. */
    private static final int MKL_AVX512_BRANCH = 12;

    private TorchEngine() {
    }

    /** DJL's engine, with the math kernels chosen first. */
    public static Engine engine() {
        return Chosen.ENGINE;
    }

    /** A new base manager on the engine's default device. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /** A new base manager on {@code device}. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /**
     * One line saying which matrix kernels the engine uses (as MKL reports them where Fidel answered its vendor
     * question) and how native memory is kept, and why, for the run's log.
     */
    public static String kernels() {
        Engine engine = engine();
        if (!Chosen.HELPER_LOADED) {
            return Chosen.LINE;
        }
        Path libtorchCpu = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu"));
        return Chosen.LINE.replace(MKL_PENDING, mklReport(mklBranch(libtorchCpu.toString()), engine.getVersion()));
    }

    private static final String MKL_PENDING = "{mkl}";

    /** Set once, before the engine loads: the JVM runs this class's initializer exactly once, with no lock afterwards. */
    private static final class Chosen {
        static final String LINE;
        static final boolean HELPER_LOADED;
        static final Engine ENGINE;

        static {
            if (linuxX86()) {
                String mkl = mklKernels();
                HELPER_LOADED = mkl.equals(MKL_PENDING);
                LINE = "math kernels: " + mkl + "; " + NativeMemory.keepFreedMemory();
            } else {
                HELPER_LOADED = false;
                LINE = "math kernels and native memory: the engine's own (" + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ")";
            }
            ENGINE = Engine.getInstance();
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

    /** What MKL is left to, or {@link #MKL_PENDING} where the helper is loaded (MKL's report replaces it later). */
    private static String mklKernels() {
        List<String> cpu;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return "the engine's own choice (/proc/cpuinfo unreadable: " + e.getMessage() + ")";
        }
        if (!amdWithAvx512(cpu)) {
            return "MKL's own choice (not an AMD CPU with AVX-512)";
        }
        String setting = System.getProperty(AMD_AVX512_PROPERTY, "true");
        if (!setting.equalsIgnoreCase("true") && !setting.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("-D" + AMD_AVX512_PROPERTY + "=" + setting + " is neither true nor false");
        }
        if (setting.equalsIgnoreCase("false")) {
            return "MKL's generic path on this AMD CPU with AVX-512 (-D" + AMD_AVX512_PROPERTY + "=false)";
        }
        try {
            Optional<Path> library = NativeLibraries.unpack(LIBRARY);
            if (library.isEmpty()) {
                return "MKL's generic path on this AMD CPU with AVX-512 (this Fidel was built without a C compiler, so without "
                        + LIBRARY + "; see core/src/main/c/mkl_any_cpu.c)";
            }
            Loader.loadGlobal(library.get().toString());   // before libtorch: its call to MKL's vendor question binds here
            System.load(library.get().toString());         // the same library, for the JVM to find mklBranch in it
            return MKL_PENDING;
        } catch (IOException | UnsatisfiedLinkError e) {
            return "MKL's generic path on this AMD CPU with AVX-512 (" + LIBRARY + " did not load: " + e.getMessage() + ")";
        }
    }

    /** The log's words for MKL's code branch {@code branch} (see {@code mkl_any_cpu.c}) in libtorch {@code version}. */
    static String mklReport(int branch, String version) {
        String disable = "; -D" + AMD_AVX512_PROPERTY + "=false for MKL's own choice";
        if (branch >= MKL_AVX512_BRANCH) {
            return "MKL's AVX-512 kernels on this AMD CPU (MKL reports code branch " + branch
                    + ", its vendor question answered by the CPU's instruction sets" + disable + ")";
        }
        if (branch == -2) {
            return "this libtorch " + version + " has no MKL: its own BLAS picks the kernels (OpenBLAS: OPENBLAS_CORETYPE overrides it)";
        }
        if (branch == -1) {
            return "MKL's AVX-512 kernels asked for on this AMD CPU, not checked (libtorch " + version + "'s CPU library not found)" + disable;
        }
        return "MKL's code branch " + branch + " on this AMD CPU with AVX-512 (not AVX-512: the answer to MKL's vendor question did "
                + "not take effect: MKL ran before Fidel's TorchEngine, through code that went to DJL directly)";
    }

    private static native int mklBranch(String libtorchCpu);
}
