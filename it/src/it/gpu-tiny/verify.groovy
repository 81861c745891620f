import groovy.json.JsonSlurper

// The tiny pipeline trained on the GPU: the device is recorded and the run learned.
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/fidel/checkpoints')
assert !log.contains('<device> gpu is not available') : 'the CUDA engine was expected to be found'
assert new File(out, 'latest').text.trim() == 'step-000060'
def metrics = new File(out, 'metrics.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
def validation = metrics.findAll { it.kind == 'validation' }
assert validation.last().validationCodeCe < 0.9 * validation.first().validationCodeCe : "validation: $validation"
println "[gpu-tiny] " + metrics.findAll { it.kind == 'train' }.last()
return true
