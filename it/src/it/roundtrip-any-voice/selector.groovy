// The voices judged here are espeak-ng's (CI installs it in .ci/run); without it this IT is skipped, saying why.
try {
    def p = ['espeak-ng', '--version'].execute()
    p.waitFor()
    if (p.exitValue() == 0 && ['python3', '--version'].execute().waitFor() == 0) {
        return true
    }
} catch (IOException e) {
    // not installed
}
println 'roundtrip-any-voice SKIPPED: espeak-ng or python3 is not installed (apt-get install espeak-ng python3)'
return false
