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
return true
