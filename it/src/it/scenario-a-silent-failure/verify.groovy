import groovy.json.JsonSlurper

// Scenario A: the run trained to the end with a loss that is not the model's loss; the build failed at
// finetune's improvement check, naming the figures and the setting.
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/fidel/checkpoints')

assert new File(basedir, 'target/fidel/vocabulary/vocabulary.model').isFile() : 'train-vocab ran before finetune'
assert log.contains('the model did not learn: validation code cross-entropy went from') : 'the verdict says what went wrong'
assert log.contains('less than <minImprovement> 20%') : 'the verdict names the setting and its value'
assert log =~ /went from \d+\.\d{4} to \d+\.\d{4} \(-?\d+\.\d% better\)/ : 'the verdict gives the figures'
assert log.contains('MojoFailureException') : 'a verdict on the model, not a broken setup'

// The run itself finished: its checkpoint and metrics are there to inspect, but not marked up to date.
def metrics = new File(out, 'metrics.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
def validation = metrics.findAll { it.kind == 'validation' }
assert validation.first().step == 0 && validation.last().step == 30
assert validation.last().validationCodeCe > 0.8 * validation.first().validationCodeCe : "validation: $validation"
return true
