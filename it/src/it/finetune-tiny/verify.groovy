import groovy.json.JsonSlurper

def out = new File(basedir, 'target/fidel/checkpoints')
def log = new File(basedir, 'build.log').getText('UTF-8')
def json = new JsonSlurper()

def latest = new File(out, 'latest').text.trim()
assert latest == 'step-000060' : "latest is $latest"
def step = new File(out, latest)
['checkpoint.json', 'weights.safetensors', 'optimizer.safetensors', 'state.json'].each {
    assert new File(step, it).isFile() : "missing $it in $step"
}
def info = json.parse(new File(step, 'checkpoint.json'))
assert info.step == 60
assert info.vocabulary.size == new File(basedir, 'target/fidel/vocabulary/vocabulary.json').with { json.parse(it).size }
assert info.codec.kind == 'vq-mel'
assert new File(out, 'step-000030').isDirectory()

def metrics = new File(out, 'metrics.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { json.parseText(it) }
def validation = metrics.findAll { it.kind == 'validation' }
assert validation.first().step == 0 && validation.last().step == 60
assert validation.last().validationCodeCe < 0.8 * validation.first().validationCodeCe : "validation: $validation"
assert metrics.any { it.kind == 'train' && it.codeTokensPerSecond > 0 }
// Every train window says how large the gradients were and how many steps were clipped or skipped.
assert metrics.findAll { it.kind == 'train' }.every { it.gradientNormMax > 0 && it.clippedSteps >= 0 && it.skippedSteps == 0 }
// With the default <clipNorm> 1.0 a young model's gradients (norms 1.5 to 5 here) are clipped.
assert metrics.any { it.kind == 'train' && it.clippedSteps > 0 }
// Two milestones at steps 40 and 50 with gamma 0.5: a quarter of the rate at the end.
def last = metrics.find { it.kind == 'train' && it.step == 60 }
assert Math.abs(last.learningRate - 0.00025) < 1e-9 : "learning rate at step 60: ${last.learningRate}"
// loss.svg is a chart with titled axes; training-report.html shows it beside the learning rate and gradient norm.
assert new File(out, 'loss.svg').text.contains('>optimizer step<')
def page = new File(out, 'training-report.html').getText('UTF-8')
assert ['>code cross-entropy (nats per code)<', '>learning rate (per step)<', '>global L2 norm<'].every { page.contains(it) }
assert new groovy.json.JsonSlurper().parse(new File(out, '.fidel-owner.json')).entries.containsKey('training-report.html')

// The second build skipped the work.
assert log.contains('finetune is up to date') : 'the second build should find finetune up to date'
return true
