// The GPU profile: the tiny pipeline with -Dfidel.device=gpu runs only where DJL can load a CUDA build of
// PyTorch offline and an NVIDIA GPU is there. Fidel bundles only PyTorch's CPU natives; DJL loads a CUDA
// libtorch 2.7.1 (cu128) from PYTORCH_LIBRARY_PATH, with its own cu128 JNI library from pytorch-jni.
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
if (reason == null && !libtorch) {
    reason = 'no CUDA engine: Fidel bundles only PyTorch\'s CPU natives; set PYTORCH_LIBRARY_PATH to the lib folder of a ' +
            'CUDA 12.8 libtorch 2.7.1 (and PYTORCH_FLAVOR=cu128)'
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
println "[gpu-tiny] running on ${gpus} with libtorch from ${libtorch}"
return true
