import groovy.json.JsonSlurper

def data = new File(basedir, 'target/fidel/data')
def log = new File(basedir, 'build.log').getText('UTF-8')
def json = new JsonSlurper()
def lines = { name -> new File(data, name).readLines('UTF-8').findAll { it.trim() }.collect { json.parseText(it) } }

def accepted = ['train.jsonl', 'val.jsonl', 'test.jsonl'].collectMany { lines(it) }
def ids = accepted*.id as Set
def expected = ['amina/a01', 'amina/a02', 'amina/a03', 'amina/a04', 'dawit/d01', 'dawit/d02',
                'song-001', 'song-002', 'song-003', 'lj001', 'lj002'] + (1..10).collect { String.format('cv%02d', it) }
assert ids == expected as Set : "accepted ids: ${ids.sort()}"

def rejected = lines('rejected.jsonl').collectEntries { [(it.file): it.reason] }
assert rejected == ['dawit/d03.wav': 'truncated', 'dawit/d04.wav': 'empty-file', 'dawit/d05.ogg': 'unreadable',
                    'amina/a05.wav': 'not-ethiopic', 'amina/a06.wav': 'chars-per-second'] : "rejected: $rejected"

// Every accepted utterance has its normalized 16-bit mono WAV at 22050 Hz
accepted.each { u ->
    def wav = new File(data, u.audio)
    assert wav.isFile() : "missing $wav"
    def h = java.nio.ByteBuffer.wrap(wav.bytes, 0, 44).order(java.nio.ByteOrder.LITTLE_ENDIAN)
    assert h.getShort(22) == 1 && h.getInt(24) == 22050 && h.getShort(34) == 16 : "$wav is not 16-bit mono 22050 Hz"
    assert Math.abs((wav.length() - 44) / 2 / 22050.0 - u.duration) < 0.001
}
def song = accepted.findAll { it.id.startsWith('song-') }.sort { it.id }
assert song*.text == ['ውሃ ጠጣሁ', 'ምሳ በላሁ', 'ቤት ሄድኩ']
song.each { assert it.duration > 0.5 && it.duration < 3.5 : "lrc segment ${it.id} lasts ${it.duration} s" }
assert accepted.find { it.id == 'amina/a04' }.speaker == 'amina'
assert accepted.find { it.id == 'cv02' }.speaker == 'spk-m7'

def manifest = json.parse(new File(data, 'manifest.json'), 'UTF-8')
assert manifest.formatVersion == 1
assert manifest.counts.accepted == 21 && manifest.counts.rejected == 5
assert manifest.counts.downmixed == 1
assert manifest.inputs.size() == 38 && manifest.inputs['amina/a03.flac'] ==~ /[0-9a-f]{64}/
assert manifest.normalizerSha256 ==~ /[0-9a-f]{64}/

// Three builds: prepared, skipped as up to date, forced
assert log.count('prepare-data: preparing 38 corpus files') == 2
assert log.count('prepare-data: up to date, skipped') == 1
assert log.contains('rejected dawit/d03.wav (dawit/d03.txt): truncated')
// Broken files are reported in words, never as a stack trace or an FFmpeg dump. (The log starts with
// Maven's own checksum warnings, with traces under -e, while it fills the IT's local repository.)
def ours = log.substring(log.indexOf('prepare-data: preparing'))
assert !(ours =~ /(?m)^\s+at [a-zA-Z]/).find() : 'a stack trace reached the console'
assert !ours.contains('Exception') : 'an exception reached the console'
assert !ours.contains('[ERROR]') : 'an error reached the console'
return true
