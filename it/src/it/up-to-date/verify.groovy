// build.log holds both builds: each goal did its work once, then said why it skipped it.
def log = new File(basedir, 'build.log').getText('UTF-8')
def count = { String s -> log.findAll(java.util.regex.Pattern.quote(s)).size() }

assert count('prepare-data: up to date, skipped: the ') == 1 : 'prepare-data skipped in the second build'
assert log.contains('corpus files and the settings are unchanged since the last run (-Dfidel.force redoes it)')
assert count('Training the vocabulary: ') == 1 && log =~ /Vocabulary \S+ is up to date \(800 pieces, identity [0-9a-f]{12}\): skipped/
assert count('Coverage check is up to date (same vocabulary, texts and thresholds passed before; ') == 1
assert count('finetune is up to date (') == 1 && log.contains('step-000004); -Dfidel.force=true trains again')
assert count('finetune: 4 steps (4 in this run') == 1 : 'finetune trained once'
assert new File(basedir, 'target/fidel/checkpoints/latest').text.trim() == 'step-000004'
return true
