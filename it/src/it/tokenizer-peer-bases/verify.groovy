import groovy.json.JsonSlurper
import java.security.MessageDigest

def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
def json = new JsonSlurper()

// XTTS: every base id kept, [am] right after the base's largest id, written as vocab.json
def xttsBase = new File(basedir, 'base/xtts/vocab.json')
def xttsInfo = json.parse(new File(basedir, 'target/fidel/xtts/extension.json'))
def xttsFile = new File(basedir, 'target/fidel/xtts/vocab.json')
assert xttsInfo.format == 'XTTS_VOCAB_JSON' && xttsInfo.file == 'vocab.json'
assert xttsInfo.baseSha256 == sha256(xttsBase) : 'the base vocab.json is untouched'
assert xttsInfo.sha256 == sha256(xttsFile)
assert xttsInfo.baseRows == 427 && xttsInfo.rows == 1200 && xttsInfo.languageTagId == 427
def base = json.parse(xttsBase)
def extended = json.parse(xttsFile)
base.model.vocab.each { token, id -> assert extended.model.vocab[token] == id : token }
base.model.merges.eachWithIndex { m, i -> assert extended.model.merges[i] == m : "merge ${i}" }
assert extended.model.vocab['[am]'] == 427
assert extended.added_tokens.find { it.content == '[am]' }.id == 427

// IndexTTS2: the base's pieces first, the extension after, written as bpe.model
def spmInfo = json.parse(new File(basedir, 'target/fidel/indextts2/extension.json'))
assert spmInfo.format == 'SENTENCEPIECE_MODEL' && spmInfo.file == 'bpe.model'
assert spmInfo.baseSha256 == sha256(new File(basedir, 'base/indextts2/bpe.model'))
assert spmInfo.baseRows == 252 && spmInfo.rows == 252 + spmInfo.piecesAdded && spmInfo.rows <= 1500
assert spmInfo.charactersAdded > 300 : 'the Ethiopic letters (requireEthiopic) and the other characters of the text'

['xtts', 'indextts2'].each { peer ->
    def report = json.parse(new File(basedir, "target/coverage-${peer}/coverage.json"))
    assert report.passed == true : peer
    assert report.unknownTokens == 0 : peer
    assert report.vocabularyIdentity == json.parse(new File(basedir, "target/fidel/${peer}/extension.json")).sha256
}

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('is up to date') : 'the second build skips the extension'
return true
