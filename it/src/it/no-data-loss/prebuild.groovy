// Copies the tiny corpus beside this pom with files of the user's in it, runs profile "base" (must pass), snapshots
// every file under corpus/ and models/, then runs the three misplaced outputs (each must fail) and snapshots again.
// Then issue 15's four: rerun (notes in a step folder), huge-sidecar (-Xmx256m), linked-corpus, dangling-output.
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
def run = { String profile, String javaOptions = '' ->
    List<String> cmd = [mvn.path, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}".toString(),
                        '-P' + profile, 'verify']
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
            .redirectOutput(new File(basedir, profile + '.log'))
    pb.environment().put('MAVEN_OPTS', "-Dai.djl.offline=true -DDJL_CACHE_DIR=${djlCache} ${javaOptions}".toString().strip())
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

// Issue 15. A notes file of the user's in a step folder, then a rerun that starts over (another learning rate).
File notes = new File(basedir, 'models/base-run/step-000004/notes.txt')
notes.text = 'step 4 sounds clearest; keep\n'
results.rerun = String.valueOf(run('rerun'))

// A corpus of four clips with transcripts beside them and a fifth whose transcript is a 600 MB sparse file.
File sidecar = new File(basedir, 'corpus-sidecar')
sidecar.mkdirs()
List<String[]> rows = new File(repo, 'it/src/it/tiny-corpus/validated.tsv').readLines('UTF-8').drop(1).take(5).collect { it.split('\t') }
rows.eachWithIndex { String[] row, int i ->
    String name = i < 4 ? 'u' + i : 'huge'
    Files.copy(new File(repo, 'it/src/it/tiny-corpus/clips/' + row[1]).toPath(), new File(sidecar, name + '.opus').toPath(),
            StandardCopyOption.REPLACE_EXISTING)
    new File(sidecar, name + '.txt').text = row[2] + '\n'
}
Process truncate = new ProcessBuilder('truncate', '-s', '600M', new File(sidecar, 'huge.txt').path).inheritIO().start()
if (truncate.waitFor() != 0) {
    throw new IllegalStateException('truncate -s 600M failed')
}
results.setProperty('huge-sidecar', String.valueOf(run('huge-sidecar', '-Xmx256m')))

// The same corpus given through a symbolic link.
Files.createSymbolicLink(new File(basedir, 'corpus-link').toPath(), sidecar.toPath())
results.setProperty('linked-corpus', String.valueOf(run('linked-corpus')))

// An output that is a link to a folder that does not exist.
Files.createSymbolicLink(new File(basedir, 'data-link').toPath(), new File(basedir, 'nowhere/data').toPath())
results.setProperty('dangling-output', String.valueOf(run('dangling-output')))

new File(basedir, 'runs.properties').withWriter { results.store(it, 'exit codes of the child builds') }
println '[no-data-loss] exit codes: ' + results
return true
