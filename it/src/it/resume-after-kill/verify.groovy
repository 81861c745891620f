import groovy.json.JsonSlurper

// A finetune killed with SIGKILL (prebuild.groovy) and re-run by this build resumed from its last complete
// checkpoint and finished; nothing half-written is left and metrics.jsonl reads as one run.
def kill = new Properties()
new File(basedir, 'kill.properties').withReader { kill.load(it) }
def log = new File(basedir, 'build.log').getText('UTF-8')
def killedLog = new File(basedir, 'killed-run.log').getText('UTF-8')
def out = new File(basedir, 'target/fidel/checkpoints')
def json = new JsonSlurper()

// The kill was real: SIGKILL (exit 137) to the JVM, before the run could finish.
assert kill.exit == '137' : "the killed run's exit: $kill"
assert kill.command.endsWith('java') : "killed $kill.command, not the JVM"
assert !killedLog.contains('BUILD SUCCESS') && !killedLog.contains('finetune: 12 steps') : 'the killed run must not have finished'
if (kill.when == 'during-write') {
    assert kill.leftovers.startsWith('.tmp-step-') : "killed while writing a checkpoint: $kill"
    assert log =~ /removing \S+\.tmp-step-\S+: an incomplete checkpoint left by an interrupted run/ : 'the half-written checkpoint is removed and said'
}

// It resumed from the last complete checkpoint, with its step, epoch and learning rate.
String from = kill.resumeFrom
int fromStep = from.substring('step-'.length()) as int
assert log =~ /resuming from ${from}: step ${fromStep}, epoch \d+, learning rate \S+/ : "the log says it resumed from $from"
assert log =~ /finetune: 12 steps \(${12 - fromStep} in this run/ : 'it trained only the remaining steps'

// Finished at maxSteps; every checkpoint folder is complete, and no temporary folder is left.
assert new File(out, 'latest').text.trim() == 'step-000012'
assert json.parse(new File(out, 'step-000012/checkpoint.json')).step == 12
def names = out.list() as List
assert !names.any { it.startsWith('.tmp-') || it.startsWith('.old-') } : "half-written leftovers in $out: $names"
names.findAll { it.startsWith('step-') }.each { assert new File(out, "$it/checkpoint.json").isFile() : "$it is incomplete" }

// metrics.jsonl is one continuous run: each step once, in order (every step is logged when maxSteps < 40).
def metrics = new File(out, 'metrics.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { json.parseText(it) }
def trainSteps = metrics.findAll { it.kind == 'train' }.collect { it.step }
def validationSteps = metrics.findAll { it.kind == 'validation' }.collect { it.step }
assert trainSteps == (1..12).toList() : "train steps in metrics.jsonl: $trainSteps"
assert validationSteps == [0, 4, 8, 12] : "validation steps in metrics.jsonl: $validationSteps"
// The schedule went on where it stopped: warm-up 2, milestone 8 with gamma 0.5.
metrics.findAll { it.kind == 'train' }.each {
    double expected = it.step - 1 >= 8 ? 0.0005 : (it.step - 1 < 2 ? 0.001 * it.step / 2 : 0.001)
    assert Math.abs(it.learningRate - expected) < 1e-9 : "learning rate at step $it.step: $it.learningRate, expected $expected"
}

// The same validation loss as the uninterrupted run, exactly: weights, AdamW moments, schedule and data position
// are restored, and dropout's random numbers are a function of seed and optimizer step. (Runs were once 0.3% apart
// in 1 of 5: the backward pass read scalars from buffers the garbage collector had freed; see GraphScalars.)
def reference = new File(basedir, 'target/reference-checkpoints/metrics.jsonl').readLines('UTF-8').findAll { it.trim() }
        .collect { json.parseText(it) }.findAll { it.kind == 'validation' }
def resumed = metrics.findAll { it.kind == 'validation' }
assert reference.collect { it.step } == [0, 4, 8, 12]
double a = reference.last().validationCodeCe
double b = resumed.last().validationCodeCe
println String.format('[resume-after-kill] final validation code CE: uninterrupted %.6f, killed and resumed %.6f (%s, difference %.2e)',
        a, b, a == b ? 'identical' : 'not identical', Math.abs(a - b))
// Before the kill both runs are the same run.
(0..<resumed.size()).findAll { resumed[it].step <= fromStep }.each {
    assert resumed[it].validationCodeCe == reference[it].validationCodeCe : "validation at step ${resumed[it].step} differs before the kill"
}
assert a == b : "resumed run ends at $b, the uninterrupted one at $a"
return true
