// Copies the tiny corpus beside this pom with files of the user's in it, runs profile "base" (must pass), snapshots
// every file under corpus/ and models/, then runs the three misplaced outputs (each must fail) and snapshots again.
// Logs: <profile>.log; snapshots: before.json, after.json (path -> SHA-256); results: runs.properties.
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.security.MessageDigest
import java.util.concurrent.TimeUnit

File repo = basedir.toPath().resolve('../../../..').normalize().toFile()   // <repo>/it/target/it/<name>
File corpus = new File(basedir, 'corpus')
new File(repo, 'it/src/it/tiny-corpus').eachFileRecurse { File f ->
    if (f.isFile()) {
        File to = new File(corpus, new File(repo, 'it/src/it/tiny-corpus').toPath().relativize(f.toPath()).toString())
        to.parentFile.mkdirs()
        Files.copy(f.toPath(), to.toPath(), StandardCopyOption.REPLACE_EXISTING)
    }
}
new File(corpus, 'manifest.json').text = '{"recorded-by": "the user", "sessions": 3}\n'
new File(corpus, 'notes').mkdirs()
new File(corpus, 'notes/session-2.md').text = 'clip 17: door slam at 1.2 s\n'
new File(basedir, 'models').mkdirs()
new File(basedir, 'models/README.md').text = 'our checkpoints; do not delete\n'

File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
File settings = new File(basedir, 'child-settings.xml')
settings.text = new File(repo, 'it/src/it/settings.xml').text.replace('@localRepositoryUrl@', localRepositoryPath.toURI().toString())
def run = { String profile ->
    List<String> cmd = [mvn.path, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}".toString(),
                        '-P' + profile, 'verify']
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
            .redirectOutput(new File(basedir, profile + '.log'))
    pb.environment().put('MAVEN_OPTS', "-Dai.djl.offline=true -DDJL_CACHE_DIR=${djlCache}".toString())
    Process p = pb.start()
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly()
        throw new IllegalStateException(profile + ' did not finish in 600 s: see ' + profile + '.log')
    }
    return p.exitValue()
}
def snapshot = { String name ->
    Map<String, String> files = new TreeMap<>()
    ['corpus', 'models'].each { String top ->
        new File(basedir, top).eachFileRecurse { File f ->
            if (f.isFile()) {
                String digest = MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString()
                files.put(basedir.toPath().relativize(f.toPath()).toString(), digest)
            }
        }
    }
    new File(basedir, name).text = JsonOutput.prettyPrint(JsonOutput.toJson(files))
}

Properties results = new Properties()
results.base = String.valueOf(run('base'))
if (results.base != '0') {
    throw new IllegalStateException('profile base failed: see ' + new File(basedir, 'base.log'))
}
snapshot('before.json')
['into-corpus', 'into-models', 'over-base'].each { results.setProperty(it, String.valueOf(run(it))) }
snapshot('after.json')
new File(basedir, 'runs.properties').withWriter { results.store(it, 'exit codes of the child builds') }
println '[no-data-loss] exit codes: ' + results
return true
