import java.nio.file.Files
import java.nio.file.StandardCopyOption

// The corpus: the tiny corpus (its table and clips) plus the long utterances of long-clips/ (rows in long-rows.tsv).
def tiny = new File(basedir, '../../../../it/src/it/tiny-corpus').canonicalFile
assert new File(tiny, 'validated.tsv').isFile() : "no tiny corpus at $tiny"
def corpus = new File(basedir, 'target/corpus')
def clips = new File(corpus, 'clips')
clips.mkdirs()
[new File(tiny, 'clips'), new File(basedir, 'long-clips')].each { dir ->
    dir.listFiles().findAll { it.name.endsWith('.opus') }.each {
        Files.copy(it.toPath(), new File(clips, it.name).toPath(), StandardCopyOption.REPLACE_EXISTING)
    }
}
def table = new File(tiny, 'validated.tsv').getText('UTF-8')
table = table.endsWith('\n') ? table : table + '\n'
new File(corpus, 'validated.tsv').setText(table + new File(basedir, 'long-clips/long-rows.tsv').getText('UTF-8'), 'UTF-8')
return true
