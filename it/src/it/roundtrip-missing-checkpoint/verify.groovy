def log = new File(basedir, 'build.log').getText('UTF-8')
def checkpoint = new File(basedir, 'no-such-checkpoint').canonicalPath
assert log.contains("<checkpoint> ${checkpoint} is neither a checkpoint folder") : 'the message names the folder'
assert log.contains('(check <checkpoint>') && log.contains('-Dfidel.checkpoint')
assert log.contains('MojoExecutionException') : 'a broken setup, not a verdict on the model'
assert !new File(basedir, 'target/fidel/roundtrip/report.json').exists()
return true
