import groovy.json.JsonSlurper
import java.nio.ByteBuffer
import java.nio.ByteOrder

// <mode>lora</mode> through Maven: adapters on a base checkpoint trained by this project.
def log = new File(basedir, 'build.log').getText('UTF-8')
def json = new JsonSlurper()
def baseDir = new File(basedir, 'target/fidel/base')
def loraDir = new File(basedir, 'target/fidel/checkpoints')
def base = new File(baseDir, new File(baseDir, 'latest').text.trim())
def lora = new File(loraDir, new File(loraDir, 'latest').text.trim())
assert base.name == 'step-000012' && lora.name == 'step-000012'

assert log =~ /LoRA rank 4, alpha 8\.0 \(scale 2\.00\) on the query\/key\/value, attention output and MLP projections of 4 GPT blocks/
def counts = log =~ /model GptConfig\[[^\]]*\]: ([\d,]+) parameters, ([\d,]+) trained \(lora\)/
assert counts.find() : 'the log says how many parameters LoRA trains'
long all = counts.group(1).replace(',', '') as long
long trained = counts.group(2).replace(',', '') as long
// r * (in + out) per projection: 4 * (256 + 768) + 4 * (256 + 256) + 4 * (256 + 1024) + 4 * (1024 + 256) per block.
assert trained == 4L * 4 * ((256 + 768) + (256 + 256) + (256 + 1024) + (1024 + 256)) : "trained $trained of $all"

// Safetensors: 8-byte little-endian header length, a JSON header of name -> data_offsets, then the data.
def tensors = { File file ->
    byte[] bytes = file.bytes
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()
    def header = json.parseText(new String(bytes, 8, (int) n, 'UTF-8'))
    header.findAll { k, v -> k != '__metadata__' }.collectEntries { k, v ->
        [(k): Arrays.copyOfRange(bytes, (int) (8 + n + v.data_offsets[0]), (int) (8 + n + v.data_offsets[1]))]
    }
}
def baseWeights = tensors(new File(base, 'weights.safetensors'))
def loraWeights = tensors(new File(lora, 'weights.safetensors'))
assert baseWeights.keySet() == loraWeights.keySet() : 'the LoRA checkpoint has the plain model names only: it loads like any other'
def adapted = baseWeights.keySet().findAll { it ==~ /\d*block\d+_\d*(queryKeyValue|attentionOut|expand|contract)_weight/ }
assert adapted.size() == 16 : "four projections in each of four blocks: $adapted"
baseWeights.each { name, bytes ->
    if (name in adapted) {
        assert !Arrays.equals(bytes, loraWeights[name]) : "$name: the merged adapters changed it"
    } else {
        assert Arrays.equals(bytes, loraWeights[name]) : "$name is frozen under LoRA but changed"
    }
}
def optimizer = tensors(new File(lora, 'optimizer.safetensors'))
assert optimizer.keySet().count { it.startsWith('lora/') } >= 32 : 'the adapters (A and B) travel in optimizer.safetensors for resuming'

// Step 0 of the LoRA run is exactly the base: B starts at zero.
def validation = { File dir -> new File(dir, 'metrics.jsonl').readLines('UTF-8').findAll { it.trim() }.collect { json.parseText(it) }
        .findAll { it.kind == 'validation' } }
double baseEnd = validation(baseDir).last().validationCodeCe
double loraStart = validation(loraDir).first().validationCodeCe
assert baseEnd == loraStart : "validation of the base at its end $baseEnd, of the LoRA run at step 0 $loraStart"
assert validation(loraDir).last().validationCodeCe < loraStart : 'the adapters learned'
println String.format('[finetune-lora] validation code CE: base %.4f -> LoRA %.4f after 12 steps (%,d of %,d parameters trained)',
        loraStart, validation(loraDir).last().validationCodeCe, trained, all)

// The second build skipped both runs.
assert log.count('finetune is up to date') >= 2 : 'the second build should find both finetune executions up to date'
return true
