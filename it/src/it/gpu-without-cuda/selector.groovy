// Runs where no CUDA libtorch is configured (PYTORCH_LIBRARY_PATH unset): DJL then has only the CPU natives
// Fidel bundles, whatever the hardware, so <device> gpu must be refused. Where it is set, gpu-tiny runs instead.
String libtorch = System.getenv('PYTORCH_LIBRARY_PATH') ?: System.getProperty('PYTORCH_LIBRARY_PATH')
if (libtorch) {
    String line = "[gpu-without-cuda] skipped: PYTORCH_LIBRARY_PATH is set (${libtorch}): gpu-tiny is the GPU check here"
    println line
    new PrintStream(new FileOutputStream(FileDescriptor.out), true).println('[INFO] ' + line)   // the console: System.out is this build.log here
    return false
}
return true
