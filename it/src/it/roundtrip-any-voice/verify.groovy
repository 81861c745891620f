import groovy.json.JsonSlurper

// build.log holds both builds: the first judged every voice, the second (-Pexit3) stopped on a failing program.
def log = new File(basedir, 'build.log').getText('UTF-8')
def fidel = new File(basedir, 'target/fidel')
def report = { name -> new JsonSlurper().parse(new File(fidel, "$name/report.json")) }

// One recognizer, trained once, fit to listen, and reused by every other execution.
assert (log =~ /recognizer trained on \d+ recordings/).count == 1 : 'the recognizer is trained once'
assert (log =~ /recognizer in .* is up to date/).count >= 4 : 'and reused by the other executions'

def amharic = report('amharic-voice')
assert amharic.passed : "the Amharic voice passes: CER ${amharic.overall.cer} (maxCer ${amharic.maxCer})"
assert amharic.synthesizer.kind == 'command' && amharic.synthesizer.command.contains('espeak-ng')
assert amharic.seen == null : 'the sentences are unseen in training'
assert amharic.sentences.every { it.finding == null } : 'every Amharic clip was heard'

// A command has no training report: the page says so instead of linking nowhere; it keeps the CER by run.
def page = new File(fidel, 'amharic-voice/report.html').getText('UTF-8')
assert page.contains('No training report: the synthesizer is a command')
assert page.contains('aria-label="CER by run"') && new File(fidel, 'amharic-voice/cer-history.jsonl').readLines().size() == 1

def english = report('english-voice')
assert !english.passed && english.overall.cer > english.maxCer : "the English voice fails: CER ${english.overall.cer}"
// espeak-ng's English voice names each Ethiopic letter ("Ethiopic one two A five", ~1.4 s a letter, 11-25 s a sentence):
// measured, every clip is far too long for its text and scored 1.0 without being heard.
assert english.sentences.every { it.finding?.kind == 'TOO_LONG' } : english.sentences*.finding
assert log =~ /verify-roundtrip would fail the build .*CER \d\.\d{3} over 10 sentences is above maxCer/

def silence = report('silence')
assert !silence.passed && silence.overall.cer == 1.0
assert silence.sentences.every { it.finding?.kind == 'SILENT' }
assert log.contains('10 of 10 clips were not heard and scored CER 1.0: 10 silent')

def batch = report('batch')
assert batch.passed
assert batch.sentences*.transcript == amharic.sentences*.transcript : 'the batch form hears what the per-sentence form heard'
assert new File(fidel, 'batch/synthesizer-logs/batch.stderr.txt').text.contains('batch: done')

// Shell metacharacters in sentences are text: nothing was run, nothing deleted.
assert report('metacharacters').sentences.size() == 4
assert !new File(basedir, 'pwned').exists() && !new File(fidel, 'metacharacters/pwned').exists()
assert new File(basedir, 'canary.txt').isFile()

// The failing program: a setup error quoting its stderr, no verdict.
assert log.contains('the command synthesizer for sentence 0 exited with status 3')
// "42 GiB" is computed by the program, so it can only come from its stderr, not from the quoted command line.
assert log.contains('RuntimeError: CUDA out of memory, tried to allocate 42 GiB')
assert !new File(fidel, 'exits-3/report.json').exists()

println String.format(Locale.ROOT, 'any voice: Amharic espeak-ng CER %.3f (passed, maxCer %.2f); English voice %.3f; silence %.3f; '
        + 'batch %.3f; recognizer on real recordings %.3f', amharic.overall.cer, amharic.maxCer, english.overall.cer,
        silence.overall.cer, batch.overall.cer, amharic.recognizerOnRealRecordings.cer)
return true
