// The base XTTS-like model folder (vocab.json, model.pth with a pickled config object, config.json), made by python3-torch.
String python = new File(basedir, 'python.txt').text.trim()
Process p = new ProcessBuilder(python, 'make_base.py', 'base').directory(basedir).redirectErrorStream(true).start()
String out = p.inputStream.text
if (p.waitFor() != 0) {
    throw new IllegalStateException('make_base.py failed: ' + out)
}
return true
