package dev.fidel.util;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the C library's {@code malloc} keeps the memory libtorch frees. A training step allocates and frees hundreds of
 * tensors of 1-8 MB; by default glibc gives such blocks back to the kernel and takes fresh zeroed pages the next step.
 * Measured on 2 cores (nano step, batch 16 x 75 codes): 590,000-990,000 page faults a run and 330-550 ms a step,
 * varying from run to run, against 165,000 faults and 250-280 ms with freed memory kept, at the same peak resident
 * memory (~730 MB). Set by {@link TorchEngine} before libtorch loads, with {@code mallopt}: blocks up to 32 MiB come
 * from the heap (the most glibc allows), the heap is trimmed only when 1 GiB lies free at its top, and it grows 64 MiB
 * at a time. The same as {@code GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=
 * 1073741824:glibc.malloc.top_pad=67108864}, set from inside the JVM that Maven already started.
 */
final class NativeMemory {

    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    static final int TOP_PAD = 64 << 20;

    private static final String LIBRARY = "libfidel_native_memory.so";

    private NativeMemory() {
    }

    /** Keeps freed memory for reuse where the C library is glibc on Linux x86-64; says what it did, for the log. */
    static String keepFreedMemory() {
        try {
            Optional<Path> library = NativeLibraries.unpack(LIBRARY);
            if (library.isEmpty()) {
                return "native memory: glibc's defaults (this Fidel was built without a C compiler, so without " + LIBRARY + ")";
            }
            System.load(library.get().toString());
            if (!keepFreedMemory(MMAP_THRESHOLD, TRIM_THRESHOLD, TOP_PAD)) {
                return "native memory: glibc's defaults (mallopt refused the settings)";
            }
            return "native memory: freed blocks kept for reuse (glibc malloc: mmap threshold 32 MiB, trim threshold 1 GiB, top pad 64 MiB)";
        } catch (IOException | UnsatisfiedLinkError e) {
            return "native memory: glibc's defaults (" + LIBRARY + " did not load: " + e.getMessage() + ")";
        }
    }

    private static native boolean keepFreedMemory(int mmapThreshold, int trimThreshold, int topPad);
}
