import groovy.json.JsonSlurper

// Scenario B: same size, other pieces; the refusal names both identities and the setting to fix.
def log = new File(basedir, 'build.log').getText('UTF-8')
def json = new JsonSlurper()
def trained = json.parse(new File(basedir, 'target/fidel/vocabulary/vocabulary.json'))
def other = json.parse(new File(basedir, 'target/fidel/other-vocabulary/vocabulary.json'))
assert trained.size == 800 && other.size == 800 : 'two vocabularies of the same size'
assert trained.identity != other.identity : 'with different pieces'

def label = { v -> v.identity.substring(0, 12) + '\u2026(800 pieces)' }
assert log.contains("checkpoint step-000002 was trained with vocabulary ${label(trained)} but <vocabulary> points to ${label(other)}") :
        'the message names both identities'
assert log.contains('use the vocabulary embedded in the checkpoint, or fine-tune from this checkpoint with the new vocabulary')
assert log.contains('(check <vocabulary>, -Dfidel.roundtrip.vocabulary)')
assert log.contains('MojoExecutionException')
assert !new File(basedir, 'target/fidel/roundtrip/report.json').exists() : 'nothing was judged with the wrong vocabulary'
assert !new File(basedir, 'target/fidel/recognizer').exists() : 'refused before any work'
return true
