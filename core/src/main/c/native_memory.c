/*
 * How glibc's malloc keeps memory that libtorch frees (dev.fidel.util.NativeMemory). A training step allocates and
 * frees hundreds of tensors of 1-8 MB; by default glibc hands such blocks back to the kernel and takes fresh zeroed
 * pages again the next step, and the page faults cost a third of the step on 2 cores, varying from run to run.
 */
#include <jni.h>
#include <malloc.h>

JNIEXPORT jboolean JNICALL Java_dev_fidel_util_NativeMemory_keepFreedMemory(JNIEnv *env, jclass type, jint mmapThreshold,
                                                                             jint trimThreshold, jint topPad) {
    (void) env;
    (void) type;
    return mallopt(M_MMAP_THRESHOLD, mmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1
           && mallopt(M_TOP_PAD, topPad) == 1;
}
