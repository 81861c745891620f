import groovy.json.JsonSlurper

// The pipeline ran as a user declares it: every goal left its output, the model learned (finetune's
// improvement check passed) and spoke well enough to pass the round-trip gate. Then the gate's power:
// the same architecture with random weights and with a regularization-only loss would have failed it.
def log = new File(basedir, 'build.log').getText('UTF-8')
def fidel = new File(basedir, 'target/fidel')

['data/train.jsonl', 'data/val.jsonl', 'data/manifest.json', 'vocabulary/vocabulary.model', 'coverage.json',
 'checkpoints/latest', 'roundtrip/report.json', 'roundtrip/report.html'].each {
    assert new File(fidel, it).isFile() : "missing target/fidel/$it"
}
assert log.contains('a character vocabulary (max piece length 1)')
assert log =~ /finetune: \d+ steps \(\d+ in this run, .*validation code CE \d+\.\d{4} -> \d+\.\d{4}/

def report = { name -> new JsonSlurper().parse(new File(fidel, "$name/report.json")) }
def trained = report('roundtrip')
def random = report('roundtrip-random-weights')
def regularized = report('roundtrip-regularization-only')

assert trained.passed : "the trained model passes the gate: CER ${trained.overall.cer} (maxCer ${trained.maxCer})"
assert trained.seen != null && trained.seen.sentences == 20 : 'the CI gate judges sentences seen in training'
assert !random.passed && random.overall.cer > trained.maxCer : "random weights fail: CER ${random.overall.cer}"
assert !regularized.passed && regularized.overall.cer > trained.maxCer : "regularization-only fails: CER ${regularized.overall.cer}"
assert log.contains('verify-roundtrip would fail the build (<reportOnly> is true, so it does not)')
// The round-trip report links to the training report of the checkpoint it judged (a relative link), and back.
def page = new File(fidel, 'roundtrip/report.html').getText('UTF-8')
assert page.contains('<a href="../checkpoints/training-report.html">') : 'the round-trip report links to the training report'
assert new File(fidel, 'checkpoints/training-report.html').getText('UTF-8').contains('href="../roundtrip/report.html"')

// The recognizer was trained once and reused by the three round trips.
assert (log =~ /recognizer trained on \d+ recordings/).count == 1 : 'the recognizer is trained once'
assert (log =~ /recognizer in .* is up to date/).count == 2 : 'and reused by the next two round trips'
def gap = Math.min(random.overall.cer, regularized.overall.cer) - trained.overall.cer
println String.format(Locale.ROOT, 'gate power on 20 seen sentences: trained CER %.3f (passed, maxCer %.2f); random weights %.3f; '
        + 'regularization-only %.3f; gap %.3f; recognizer on real recordings %.3f; codec ceiling %.3f',
        trained.overall.cer, trained.maxCer, random.overall.cer, regularized.overall.cer, gap,
        trained.recognizerOnRealRecordings?.cer ?: Double.NaN, trained.codecCeiling?.cer ?: Double.NaN)
new File(basedir, 'gate-power.txt').text = "trained ${trained.overall.cer}\nrandom ${random.overall.cer}\nregularization-only ${regularized.overall.cer}\ngap ${gap}\n"
return true
