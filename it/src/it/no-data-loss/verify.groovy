import groovy.json.JsonSlurper

// Every misplaced output was refused, naming <outputDirectory>, before writing anything: all files of the user's
// (the corpus with its own manifest.json and notes, models/README.md, and the base checkpoint in models/base-run)
// are byte-identical.
def runs = new Properties()
new File(basedir, 'runs.properties').withReader { runs.load(it) }
def json = new JsonSlurper()
Map before = json.parse(new File(basedir, 'before.json'))
Map after = json.parse(new File(basedir, 'after.json'))

assert before.keySet().any { it.startsWith('models/base-run/step-000004/') } : 'profile base wrote its checkpoint'
assert before['corpus/manifest.json'] && before['corpus/notes/session-2.md'] && before['models/README.md']
assert before.keySet().count { it.startsWith('corpus/clips/') } == 240
assert after == before : 'files changed: ' + (before.keySet() + after.keySet()).findAll { before[it] != after[it] }

def refused = { String profile, String message ->
    String log = new File(basedir, profile + '.log').getText('UTF-8')
    assert runs.getProperty(profile) != '0' : profile + ' must fail'
    assert log.contains(message) : profile + ' says ' + message
    assert log.contains('<outputDirectory>') : profile + ' names the element'
}
refused('into-corpus', 'is <corpusDirectory>')
refused('into-models', 'README.md')
refused('over-base', 'holds <baseCheckpoint>')
// The base checkpoint's own record still matches its files.
def info = json.parse(new File(basedir, 'models/base-run/step-000004/checkpoint.json'))
info.files.each { name, f ->
    assert new File(basedir, 'models/base-run/step-000004/' + name).length() == f.bytes
}

// Issue 15. The rerun started over and wrote step 4 again; the user's notes in that step folder are untouched.
String rerunLog = new File(basedir, 'rerun.log').getText('UTF-8')
assert runs.rerun == '0' : 'rerun failed: see rerun.log'
assert rerunLog.contains('starting over') : 'the rerun started over'
assert new File(basedir, 'models/base-run/step-000004/notes.txt').text == 'step 4 sounds clearest; keep\n'
assert new File(basedir, 'models/base-run/step-000004/checkpoint.json').isFile()

// The 600 MiB transcript (629.1 MB) is refused by name, size and limit, under -Xmx256m, without running out of memory.
String sidecarLog = new File(basedir, 'huge-sidecar.log').getText('UTF-8')
assert runs.getProperty('huge-sidecar') == '0' : 'huge-sidecar failed: see huge-sidecar.log'
assert !sidecarLog.contains('OutOfMemoryError')
assert sidecarLog.contains('huge.txt') && sidecarLog.contains('629.1 MB') && sidecarLog.contains('more than the 4.0 MB')
assert new File(basedir, 'target/sidecar-data/train.jsonl').isFile()

// A corpus given through a symbolic link prepares (it used to "hold no files").
assert runs.getProperty('linked-corpus') == '0' : 'linked-corpus failed: see linked-corpus.log'
assert json.parse(new File(basedir, 'target/linked-data/manifest.json')).counts.accepted == 4

// An output that is a link to nothing is refused naming it, and nothing is left behind: no staging folder, no target.
String danglingLog = new File(basedir, 'dangling-output.log').getText('UTF-8')
assert runs.getProperty('dangling-output') != '0'
assert danglingLog.contains('<outputDirectory>') && danglingLog.contains('symbolic link')
assert !new File(basedir, 'nowhere').exists()
assert basedir.list().findAll { it.startsWith('.data-link') }.isEmpty() : 'left behind: ' + basedir.list().toList()
return true
