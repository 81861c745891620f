import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('character coverage') && log.contains('is below minCoverage 0.9900')
assert log =~ /U\+12[0-9A-F]{2}/ : 'the message names an Ethiopic letter'
assert log.contains('(check <minCoverage>') && log.contains('-Dfidel.minCoverage')
assert log.contains('MojoFailureException') || log.contains('BUILD FAILURE')

def report = new JsonSlurper().parse(new File(basedir, 'target/fidel/coverage.json'))
assert report.passed == false
assert report.characterCoverage < 0.1
assert report.uncovered[0].examples[0].contains('amharic.txt:')
def vocab = new JsonSlurper().parse(new File(basedir, 'target/fidel/vocabulary/vocabulary.json'))
assert vocab.size == 400
return true
