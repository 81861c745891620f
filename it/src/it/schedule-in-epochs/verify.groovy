import groovy.json.JsonSlurper

// A schedule declared in epochs is converted to optimizer steps (and says so) or refused, never silently
// mis-scaled. Builds 1 and 2 were refused, build 3 trained (invoker.properties).
def log = new File(basedir, 'build.log').getText('UTF-8')
def out = new File(basedir, 'target/fidel/checkpoints')

// Build 1: milestones that do not increase, refused before any training, naming the setting.
assert log.contains('<milestones> [2, 1] (in epochs) must be positive and increasing: each one multiplies the learning rate by '
        + '<gamma> once (check <milestones>, -Dfidel.finetune.milestones)') : 'milestones 2,1 are refused naming <milestones>'

// Build 2: 40 epochs is far after <maxSteps> 32: refused with the conversion, not ignored.
def late = log =~ /<milestones> 40 epochs \(optimizer step (\d+) at (\d+) steps per epoch\) is not before <maxSteps> 32 \((\d+\.\d) epochs\): the learning rate would never be lowered there\. Lower the milestone, raise <maxSteps>, or check <milestoneUnit> \(epochs\) \(check <milestones>, -Dfidel\.finetune\.milestones\)/
assert late.find() : 'a milestone after the last step is refused naming <milestones>, <maxSteps> and <milestoneUnit>'
int perEpoch = late.group(2) as int
assert (late.group(1) as int) == 40 * perEpoch
assert log.count('MojoExecutionException') >= 2 : 'refusals are setup errors, not verdicts on the model'

// Build 3: converted with both numbers (batches per epoch and epochs), and the rate printed at each milestone.
def converted = log =~ /milestones \[1, 2\] in epochs are optimizer steps \[(\d+), (\d+)\] \((\d+) batches per epoch \/ <gradAccumSteps> 1 = (\d+) optimizer steps per epoch; <maxSteps> 32 is (\d+\.\d) epochs\)/
assert converted.find() : 'the log gives the conversion to optimizer steps'
int batches = converted.group(3) as int
List<Integer> steps = [converted.group(1) as int, converted.group(2) as int]
assert batches == perEpoch && (converted.group(4) as int) == batches
assert steps == [batches, 2 * batches] : "milestones in steps: $steps, batches per epoch: $batches"
assert log =~ /training examples in ${batches} batches per epoch/
assert log.contains("learning rate at milestone step ${steps[0]}: 0.000500")
assert log.contains("learning rate at milestone step ${steps[1]}: 0.000250")
assert log.contains("milestone step ${steps[0]} reached (epoch 1): learning rate 0.00100 -> 0.000500")
assert log.contains("milestone step ${steps[1]} reached (epoch 2): learning rate 0.000500 -> 0.000250")

// ... and the rate really fell there: every logged step's rate is 0.001 (after a 4-step warm-up) halved once per
// milestone already passed (the rate of step k is that of update k-1).
def metrics = new File(out, 'metrics.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
def train = metrics.findAll { it.kind == 'train' }
assert train.last().step == 32
// <clipNorm>0</clipNorm>: no step was clipped (finetune-tiny, with the default 1.0, has clipped ones).
assert train.every { it.clippedSteps == 0 && it.gradientNormMax > 0 } : "clipping is off: $train"
train.each {
    int update = it.step - 1
    double expected = (update < 4 ? 0.001 * (update + 1) / 4 : 0.001) * Math.pow(0.5, steps.count { m -> update >= m })
    assert Math.abs(it.learningRate - expected) < 1e-9 : "learning rate at step $it.step: $it.learningRate, expected $expected"
}
println "[schedule-in-epochs] ${batches} batches per epoch; milestones [1, 2] epochs = steps $steps; rates " +
        train.collect { "${it.step}:${it.learningRate}" }.join(' ')
return true
