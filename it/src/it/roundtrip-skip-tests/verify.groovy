def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Skipping verify-roundtrip (skipTests)')
assert !new File(basedir, 'target/fidel/roundtrip').exists()
return true
