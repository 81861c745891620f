import groovy.json.JsonSlurper

// Scenario D: very long utterances never blow the memory budget; each one left out is counted in the log.
def log = new File(basedir, 'build.log').getText('UTF-8')
def json = new JsonSlurper()
def data = new File(basedir, 'target/fidel/data')

// prepare-data let the four long utterances through, into the training split.
def train = new File(data, 'train.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { json.parseText(it) }
def longOnes = train.findAll { it.id.startsWith('long-') }
assert longOnes*.id.sort() == ['long-01', 'long-03', 'long-04', 'long-05'] : "long utterances in train.jsonl: ${longOnes*.id}"
assert longOnes.every { it.duration > 14 } && longOnes.max { it.duration }.duration > 35 : "durations: ${longOnes*.duration}"

// finetune: the two over the model's 800 code positions, then the two over <batchFrames> 1000, skipped and counted.
assert log.contains('training: 2 utterance(s) longer than 800 codes skipped') : 'the position-table skip is logged'
assert log.contains('[WARNING] 2 training utterance(s) exceed <batchFrames> 1000 alone: skipped') : 'the batchFrames skip is logged'
assert log =~ /finetune: 30 steps \(30 in this run, .*validation code CE \d+\.\d{4} -> \d+\.\d{4}/
assert new File(basedir, 'target/fidel/checkpoints/latest').text.trim() == 'step-000030'

// ... and all of it in a 512 MiB heap (.mvn/jvm.config; the JVM printed its flags).
assert log.contains('-XX:MaxHeapSize=536870912') : 'the build ran under -Xmx512m'
assert log.contains('BUILD SUCCESS')
return true
