// Runs this project in a child Maven twice: once uninterrupted into target/reference-checkpoints (the
// figures to compare with), then into the default target/fidel/checkpoints, killed with SIGKILL as soon
// as the checkpoint after the first one is being written (or, if that write is missed, right after it).
// What happened is written to kill.properties for verify.groovy.
import java.util.concurrent.TimeUnit

String FIRST = 'step-000004'   // the first checkpoint (<checkpointEvery> 4)

File repo = basedir.toPath().resolve('../../../..').normalize().toFile()   // <repo>/it/target/it/<name>
File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
File settings = new File(basedir, 'child-settings.xml')
settings.text = new File(repo, 'it/src/it/settings.xml').text.replace('@localRepositoryUrl@', localRepositoryPath.toURI().toString())

def child = { List<String> extra, File log ->
    List<String> cmd = [mvn.path, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}".toString(),
                        "-Dfidel.repo=${repo}".toString()] + extra + ['verify']
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true).redirectOutput(log)
    pb.environment().put('MAVEN_OPTS', "-Dai.djl.offline=true -DDJL_CACHE_DIR=${djlCache}".toString())
    pb.start()
}

// 1. The uninterrupted run.
long t0 = System.nanoTime()
Process reference = child(["-Dfidel.finetune.output=${new File(basedir, 'target/reference-checkpoints')}".toString()], new File(basedir, 'reference-run.log'))
if (!reference.waitFor(600, TimeUnit.SECONDS) || reference.exitValue() != 0) {
    reference.destroyForcibly()
    throw new IllegalStateException('the reference run failed: see ' + new File(basedir, 'reference-run.log'))
}
println "[resume-after-kill] reference run: ${(System.nanoTime() - t0).intdiv(1000000)} ms"

// 2. The run to kill: SIGKILL to its JVM (mvn execs java, so the child is the JVM; its descendants too).
File out = new File(basedir, 'target/fidel/checkpoints')
File latest = new File(out, 'latest')
Process run = child([], new File(basedir, 'killed-run.log'))
String when = null
String killedAfter = null
long deadline = System.currentTimeMillis() + 600_000
try {
    while (when == null) {
        if (!run.isAlive()) {
            throw new IllegalStateException('the run to kill ended by itself (exit ' + run.exitValue() + '): see killed-run.log')
        }
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException('no checkpoint after 600 s: see killed-run.log')
        }
        String named = latest.isFile() ? latest.text.trim() : null
        if (named != null && named != FIRST) {
            when = 'after'                      // the second checkpoint was written before a poll saw it being written
            killedAfter = named
        } else if (named == FIRST && (out.list() ?: new String[0]).any { it.startsWith('.tmp-step-') }) {
            when = 'during-write'
            killedAfter = named
        } else {
            Thread.sleep(named == null ? 200 : 10)
        }
    }
} finally {
    ProcessHandle handle = run.toHandle()
    String command = handle.info().command().orElse('?')
    handle.descendants().each { it.destroyForcibly() }
    run.destroyForcibly()
    run.waitFor(60, TimeUnit.SECONDS)
    new File(basedir, 'kill.properties').text = """when=${when}
resumeFrom=${killedAfter}
pid=${handle.pid()}
command=${command}
exit=${run.isAlive() ? 'alive' : run.exitValue()}
leftovers=${(out.list() ?: new String[0]).findAll { it.startsWith('.') && it != '.fidel-owner.json' }.join(',')}
"""
}
println "[resume-after-kill] killed the finetune JVM with SIGKILL " + new File(basedir, 'kill.properties').text.readLines().join('; ')
return true
