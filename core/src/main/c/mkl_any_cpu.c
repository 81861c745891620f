/*
 * Intel MKL (linked into DJL's libtorch for CPU) chooses its matrix kernels by CPU vendor: on an AMD CPU it
 * takes its generic AVX2 path even where the CPU has AVX-512 (Zen 4 and Zen 5), at about half the speed of
 * the AVX-512 kernels the same CPU runs. MKL asks this one function whether the CPU is Intel's; loaded
 * globally before libtorch (dev.fidel.util.TorchEngine), this answer takes its place, and MKL then picks
 * kernels by the instruction sets the CPU reports, as it does on Intel CPUs.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
