/*
 * Intel MKL (linked into DJL's libtorch for CPU) chooses its matrix kernels by CPU vendor: on an AMD CPU it
 * takes its generic path even where the CPU has AVX-512 (Zen 4 and Zen 5), at about half the speed of the
 * AVX-512 kernels the same CPU runs. MKL asks this one function whether the CPU is Intel's; loaded globally
 * before libtorch (dev.fidel.util.TorchEngine), this answer takes its place, and MKL then picks kernels by the
 * instruction sets the CPU reports, as it does on Intel CPUs.
 */
#include <dlfcn.h>
#include <jni.h>

int mkl_serv_intel_cpu_true(void) {
    return 1;
}

/*
 * The code branch MKL chose in the loaded libtorch_cpu at the given path (its MKL_CBWR_* number: 2 its generic
 * path, 10 AVX2, 12 and up AVX-512), so that the log says what MKL does rather than what was asked of it:
 * -1 where no library is loaded from that path, -2 where it has no MKL (an OpenBLAS libtorch).
 */
JNIEXPORT jint JNICALL Java_dev_fidel_util_TorchEngine_mklBranch(JNIEnv *env, jclass type, jstring libtorchCpu) {
    (void) type;
    const char *path = (*env)->GetStringUTFChars(env, libtorchCpu, NULL);
    if (path == NULL) {
        return -1;
    }
    void *library = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
    (*env)->ReleaseStringUTFChars(env, libtorchCpu, path);
    if (library == NULL) {
        return -1;
    }
    int (*branch)(void) = (int (*)(void)) dlsym(library, "mkl_serv_cbwr_get_auto_branch");
    int result = branch == NULL ? -2 : branch();
    dlclose(library);
    return result;
}
