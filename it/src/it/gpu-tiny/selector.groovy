// The GPU profile: the tiny pipeline with -Dfidel.device=gpu runs only where DJL can load a CUDA build of
// PyTorch offline and an NVIDIA GPU is there. Fidel bundles only PyTorch's CPU natives; DJL loads a CUDA
// PyTorch from PYTORCH_LIBRARY_PATH: either libtorch 2.7.1 (cu128) with DJL's own cu128 JNI library from
// pytorch-jni, or any installed PyTorch with the JNI library scripts/gpu-engine built against it (its exports:
// PYTORCH_VERSION, PYTORCH_FLAVOR and ENGINE_CACHE_DIR say where that library is).
// Otherwise this IT is skipped, and the reason printed.
String libtorch = System.getenv('PYTORCH_LIBRARY_PATH') ?: System.getProperty('PYTORCH_LIBRARY_PATH')
String reason = null
String gpus = null
try {
    Process p = new ProcessBuilder('nvidia-smi', '-L').redirectErrorStream(true).start()
    String listed = p.inputStream.text
    gpus = p.waitFor() == 0 ? listed.readLines().findAll { it.startsWith('GPU ') }.join('; ') : null
    if (!gpus) {
        reason = 'nvidia-smi -L lists no GPU (' + listed.trim().readLines().take(1).join('') + ')'
    }
} catch (IOException e) {
    reason = 'no NVIDIA driver: nvidia-smi is not on the PATH'
}
String setting(String name) { System.getenv(name) ?: System.getProperty(name) }
String engineCache = setting('ENGINE_CACHE_DIR')
String version = setting('PYTORCH_VERSION')
String flavor = setting('PYTORCH_FLAVOR')
File jni = engineCache && version && flavor ?
        new File(engineCache, "pytorch/${version}-${flavor}-linux-x86_64/0.34.0-libdjl_torch.so") : null
if (reason == null && !libtorch) {
    reason = 'no CUDA engine: Fidel bundles only PyTorch\'s CPU natives; run scripts/gpu-engine and export what it prints, ' +
            'or set PYTORCH_LIBRARY_PATH to the lib folder of a CUDA 12.8 libtorch 2.7.1 (and PYTORCH_FLAVOR=cu128)'
} else if (reason == null && jni != null && !jni.isFile()) {
    reason = "no JNI library ${jni}: run scripts/gpu-engine for the PyTorch in ${libtorch}"
} else if (reason == null && !new File(libtorch).listFiles()?.any { it.name.startsWith('libtorch_cuda') }) {
    reason = "PYTORCH_LIBRARY_PATH ${libtorch} has no libtorch_cuda library: not a CUDA build of libtorch"
}
if (reason != null) {
    // println goes to this IT's build.log; the line is also written to the console of the build that runs the ITs.
    String line = "[gpu-tiny] skipped: ${reason}"
    println line
    new PrintStream(new FileOutputStream(FileDescriptor.out), true).println('[INFO] ' + line)   // the console: System.out is this build.log here
    return false
}
println "[gpu-tiny] running on ${gpus} with libtorch from ${libtorch}" + (jni != null ? " and the JNI library ${jni}" : '')
return true
