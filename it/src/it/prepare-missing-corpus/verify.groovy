def log = new File(basedir, 'build.log').getText('UTF-8')
def corpus = new File(basedir, 'no-such-corpus').canonicalPath
assert log.contains("the corpus directory ${corpus} does not exist or is not a folder (check <corpusDirectory>, -Dfidel.corpus)")
assert log.contains('MojoExecutionException') : 'a broken setup, not a verdict on the data'
assert !new File(basedir, 'target/fidel/data').exists()
return true
