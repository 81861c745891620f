def data = new File(basedir, 'target/fidel/data')
def log = new File(basedir, 'build.log').getText('UTF-8')

// The failure names the verdict, the counts, the top reasons and the setting to change
assert log.contains('2 of 4 inputs were rejected (50.0%), more than maxRejectedRatio 0.20 allows: empty-file 1, not-ethiopic 1.')
assert log.contains('(check <maxRejectedRatio>') && log.contains('-Dfidel.maxRejectedRatio')
assert log.contains('BUILD FAILURE')

// The outputs are there to inspect and stamped complete; the verdict is not stored: the next build judges them
// again without decoding, so raising <maxRejectedRatio> alone passes at once
assert new File(data, 'rejected.jsonl').readLines('UTF-8').size() == 2
assert new File(data, 'train.jsonl').isFile()
assert new File(data, '.fidel-fingerprint').exists()
return true
