import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.util.zip.ZipFile

// The user's way to a profile to edit: the built-in one, as fidel-core's jar holds it
// (dev/fidel/text/amharic-profile.json; prepare-data also writes it as target/fidel/data/normalizer-profile.json).
def core = new File(localRepositoryPath, 'dev/fidel/fidel-core')
def jar = core.listFiles().findAll { it.isDirectory() }.collect { d -> new File(d, "fidel-core-${d.name}.jar") }.find { it.isFile() }
assert jar != null : "no fidel-core jar under $core"
def zip = new ZipFile(jar)
def profile = zip.withCloseable { z -> new JsonSlurper().parse(z.getInputStream(z.getEntry('dev/fidel/text/amharic-profile.json')), 'UTF-8') }
assert profile.abbreviations['ዶ/ር'] == 'ዶክተር'
profile.abbreviations['ዶ/ር'] = 'ዶክተሩ'
new File(basedir, 'edited-profile.json').setText(JsonOutput.prettyPrint(JsonOutput.toJson(profile)), 'UTF-8')
return true
