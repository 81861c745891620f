import groovy.json.JsonSlurper

// Scenario C: one abbreviation rule changed between training and synthesis.
def log = new File(basedir, 'build.log').getText('UTF-8')
def json = new JsonSlurper()
def info = json.parse(new File(basedir, 'target/fidel/checkpoints/step-000002/checkpoint.json'))
def trained = info.normalizerSha256.substring(0, 12)
def edited = (log =~ /normalizer profile \S+edited-profile\.json: "amharic" ([0-9a-f]{12})/)[0][1]
assert trained != edited
def rule = 'abbreviation "ዶ/ር": "ዶክተር" -> "ዶክተሩ"'
def drift = "checkpoint step-000002 was trained with normalizer profile ${trained}\u2026 (\"amharic\") but the current profile is " +
        "${edited}\u2026 (\"amharic\"); 1 rule(s) changed (checkpoint -> current):\n  " + rule

// build.log holds both builds, one after the other.
def boundary = log.indexOf('Scanning for projects', log.indexOf('Scanning for projects') + 1)
assert boundary > 0 : 'two builds ran'
def first = log.substring(0, boundary)
def second = log.substring(boundary)

// First build, <normalizerDrift> FAIL: refused before any work, naming the rule, both identities and the setting.
assert first.contains('BUILD FAILURE')
assert first.contains('MojoExecutionException: ' + drift) : 'the refusal names the changed rule and both profile identities'
assert first.contains('or set <normalizerDrift> to REPORT to go on with the current profile (check <normalizerDrift>, -Dfidel.normalizerDrift)')
assert !first.contains('loaded checkpoint') && !first.contains('built-in recognizer') : 'refused before any weights or recognizer'

// Second build, -Dfidel.normalizerDrift=REPORT: the same difference reported, the round trip goes on.
assert second.contains('[WARNING] ' + drift) : 'the log lists the changed rule'
assert second.contains('normalizerDrift is REPORT: going on')
assert second =~ /round trip of 2 sentences: CER \d+\.\d{3}/
assert second.contains('BUILD SUCCESS')
def report = json.parse(new File(basedir, 'target/fidel/roundtrip/report.json'))
assert report.warnings.size() == 1 && report.warnings[0].startsWith(drift) : "report.json warnings: ${report.warnings}"
assert report.inputs.normalizerSha256.startsWith(edited)
assert new File(basedir, 'target/fidel/roundtrip/report.html').getText('UTF-8').contains(rule.replace('"', '&quot;').replace('>', '&gt;'))
// The model was trained with the built-in profile, which prepare-data also wrote beside the manifest.
assert json.parse(new File(basedir, 'target/fidel/data/normalizer-profile.json')).abbreviations['ዶ/ር'] == 'ዶክተር'
return true
