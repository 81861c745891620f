import groovy.json.JsonSlurper

File out = new File(basedir, 'target/fidel/peer-model')
['model.pth', 'model.safetensors', 'vocab.json', 'config.json', 'resize.json'].each {
    assert new File(out, it).isFile() : "resize-checkpoint wrote ${it}"
}
def record = new JsonSlurper().parse(new File(out, 'resize.json'))
def extension = new JsonSlurper().parse(new File(basedir, 'target/fidel/vocabulary/extension.json'))
assert record.peer == 'XTTS_V2'
assert record.rows.before == extension.baseRows
assert record.rows.after == extension.rows
assert record.rows.copied == extension.baseRows
assert record.rows.romanized > 0
assert record.tokenizerIdentity == extension.sha256
assert record.dropped.any { it.startsWith('config (a pickled TTS.tts.configs.xtts_config.XttsConfig') }
def config = new JsonSlurper().parse(new File(out, 'config.json'))
assert config.model_args.gpt_number_text_tokens == extension.rows
assert config.languages.contains('am')

// XTTS's own loader reads model.pth with torch.load; weights_only=True loads it: {'model': state dict}, the new row count
String python = new File(basedir, 'python.txt').text.trim()
Process p = new ProcessBuilder(python, 'make_base.py', 'load', new File(out, 'model.pth').path).directory(basedir).start()
String loaded = p.inputStream.text
assert p.waitFor() == 0 : 'torch.load(weights_only=True) failed: ' + p.errorStream.text
def sd = new JsonSlurper().parseText(loaded)
assert sd.keys == ['model']
assert sd.shapes['gpt.text_embedding.weight'] == [extension.rows, 16]
assert sd.shapes['gpt.text_head.bias'] == [extension.rows]

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Resized checkpoint') && log.contains('is up to date') : 'the second build skips resize-checkpoint'
return true
