// <device> gpu with only PyTorch's CPU natives: refused as a setup problem naming <device> and both ways out.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('<device> gpu is not available: DJL\'s PyTorch engine 2.7.1 has no CUDA') : 'the refusal names <device> and why'
assert log.contains('set <device>cpu</device> (-Dfidel.device=cpu)') : 'the refusal says how to proceed'
assert log.contains('(check <device>)')
assert log.contains('MojoExecutionException') : 'a broken setup, not a verdict on the model'
assert !new File(basedir, 'target/fidel/checkpoints/metrics.jsonl').exists() : 'nothing was trained on the CPU instead'
return true
