// Runs where Debian's python3-torch is installed (it makes the base model and loads the resized one); skipped otherwise.
String python = ['/usr/bin/python3', 'python3'].find { String p ->
    try {
        Process proc = new ProcessBuilder(p, '-c', 'import torch').redirectErrorStream(true).start()
        proc.inputStream.text
        return proc.waitFor() == 0
    } catch (IOException e) {
        return false
    }
}
if (python == null) {
    String line = '[resize-xtts] skipped: no python3 with torch (apt-get install python3-torch)'
    println line
    new PrintStream(new FileOutputStream(FileDescriptor.out), true).println('[INFO] ' + line)
    return false
}
new File(basedir, 'python.txt').text = python
return true
