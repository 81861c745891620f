import groovy.json.JsonSlurper

def vocab = new JsonSlurper().parse(new File(basedir, 'target/fidel/vocabulary/vocabulary.json'))
assert vocab.size == 800
assert vocab.modelType == 'BPE'
assert vocab.identity ==~ /[0-9a-f]{64}/
assert vocab.specialTokens.unk == 0
assert new File(basedir, 'target/fidel/vocabulary/vocabulary.model').length() > 0

def report = new JsonSlurper().parse(new File(basedir, 'target/fidel/coverage.json'))
assert report.passed == true
assert report.characterCoverage >= 0.99
assert report.vocabularyIdentity == vocab.identity

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('is up to date') : 'the second build skips train-vocab'
return true
