package dev.fidel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.text.NormalizerProfile.Flag;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading refuses what does not match, naming both values and how to proceed. */
class CheckpointRefusalTest {

    @TempDir
    Path dir;

    private Path folder;
    private final Fixtures.Events events = new Fixtures.Events();

    @BeforeEach
    void save() throws Exception {
        CheckpointStore.open(dir, 3, events).save(Fixtures.checkpoint(400));
        folder = dir.resolve("step-000400");
    }

    private FidelException refusal(CheckpointCheck check) {
        return assertThrows(FidelException.class, () -> CheckpointReader.open(folder, "baseCheckpoint").load(check, events));
    }

    private static String shortHash(String sha) {
        return sha.substring(0, 12) + "\u2026";
    }

    @Test
    void refusesAnotherVocabulary() {
        String other = Sha256.of("another vocabulary");
        FidelException e = refusal(CheckpointCheck.none().vocabulary(other, 8000, "vocabulary"));
        assertEquals("checkpoint step-000400 was trained with vocabulary " + shortHash(Fixtures.VOCABULARY_SHA) + "(8000 pieces) but <vocabulary>"
                + " points to " + shortHash(other) + "(8000 pieces): use the vocabulary embedded in the checkpoint, or fine-tune from this"
                + " checkpoint with the new vocabulary so its embeddings are resized", e.getMessage());
        assertEquals("vocabulary", e.setting());
    }

    @Test
    void refusesAChangedNormalizerProfileListingTheRules() {
        NormalizerProfile base = NormalizerProfile.amharic();
        NormalizerProfile changed = base.with(Flag.FOLD_HOMOPHONES, !base.has(Flag.FOLD_HOMOPHONES));
        FidelException e = refusal(CheckpointCheck.none().normalizer(changed, NormalizerDrift.FAIL));
        String m = e.getMessage();
        assertTrue(m.startsWith("checkpoint step-000400 was trained with normalizer profile " + shortHash(base.sha256())), m);
        assertTrue(m.contains("but the current profile is " + shortHash(changed.sha256())), m);
        String rule = "flag FOLD_HOMOPHONES: " + (base.has(Flag.FOLD_HOMOPHONES) ? "on -> off" : "off -> on");
        assertTrue(m.contains("1 rule(s) changed (checkpoint -> current):\n  " + rule + "\n"), m);
        assertTrue(m.contains("set <normalizerDrift> to REPORT"), m);
        assertEquals("normalizerDrift", e.setting());
    }

    @Test
    void reportsAChangedNormalizerProfileWhenAskedTo() throws Exception {
        NormalizerProfile base = NormalizerProfile.amharic();
        NormalizerProfile changed = base.with(Flag.FOLD_HOMOPHONES, !base.has(Flag.FOLD_HOMOPHONES));
        CheckpointReader reader = CheckpointReader.open(folder, "baseCheckpoint");
        List<String> warnings = reader.verify(CheckpointCheck.none().normalizer(changed, NormalizerDrift.REPORT));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("flag FOLD_HOMOPHONES"), warnings.get(0));
        Checkpoint loaded = reader.load(CheckpointCheck.none().normalizer(changed, NormalizerDrift.REPORT), events);
        assertEquals(Fixtures.weights(400), loaded.weights());
        assertEquals(warnings, events.warnings);
        assertTrue(reader.verify(CheckpointCheck.none().normalizer(base, NormalizerDrift.FAIL)).isEmpty());
    }

    @Test
    void refusesPositionTablesSmallerThanAskedFor() throws Exception {
        FidelException e = refusal(CheckpointCheck.none().positions("code", 605, "maxCodeTokens").positions("text", 600, "maxTextTokens"));
        assertEquals("checkpoint step-000400 has 402 text positions but <maxTextTokens> asks for 600: set <maxTextTokens> to 402 or less"
                + " (a checkpoint's position table does not grow), or train from scratch", e.getMessage());
        assertEquals("maxTextTokens", e.setting());
        FidelException missing = refusal(CheckpointCheck.none().positions("speaker", 1, "speakers"));
        assertTrue(missing.getMessage().contains("has no speaker position table (it has [code, text])"), missing.getMessage());
    }

    @Test
    void refusesAnotherCodec() {
        String other = Sha256.of("another codebook");
        FidelException e = refusal(CheckpointCheck.none().codec(other, "codec"));
        assertTrue(e.getMessage().contains("codec vq-mel " + shortHash(Fixtures.CODEC.sha256()) + " but <codec> is " + shortHash(other)),
                e.getMessage());
        assertEquals("codec", e.setting());
    }

    @Test
    void refusesANewerFormatVersion() throws Exception {
        Path info = folder.resolve("checkpoint.json");
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(info.toFile());
        tree.put("formatVersion", 2).put("somethingNew", "a field version 1 does not know");
        Files.writeString(info, Json.write(tree));
        FidelException e = assertThrows(FidelException.class, () -> CheckpointReader.open(folder, "baseCheckpoint"));
        assertTrue(e.getMessage().startsWith("checkpoint step-000400 has format version 2 but this Fidel ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("reads format versions up to 1: load it with the newer Fidel that wrote it"), e.getMessage());
        assertEquals("baseCheckpoint", e.setting());
    }

    @Test
    void refusesAMissingWeightsFile() throws Exception {
        Files.delete(folder.resolve("weights.safetensors"));
        FidelException e = assertThrows(FidelException.class, () -> CheckpointReader.open(folder, "baseCheckpoint"));
        assertTrue(e.getMessage().contains("weights.safetensors is missing (checkpoint.json records it, "), e.getMessage());
        assertTrue(e.getMessage().contains("point <baseCheckpoint> at another checkpoint"), e.getMessage());
    }

    @Test
    void refusesATruncatedWeightsFile() throws Exception {
        Path weights = folder.resolve("weights.safetensors");
        long size = Files.size(weights);
        Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), (int) size - 10));
        FidelException e = assertThrows(FidelException.class, () -> CheckpointReader.open(folder, "baseCheckpoint"));
        assertTrue(e.getMessage().contains("weights.safetensors is " + (size - 10) + " bytes but checkpoint.json records " + size
                + ": the file is truncated or was replaced"), e.getMessage());
    }

    @Test
    void refusesAlteredWeights() throws Exception {
        Path weights = folder.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        CheckpointReader reader = CheckpointReader.open(folder, "baseCheckpoint");
        FidelException e = assertThrows(FidelException.class, reader::weights);
        assertTrue(e.getMessage().contains("weights.safetensors has SHA-256 ") && e.getMessage().contains("the file was altered or damaged"),
                e.getMessage());
    }

    @Test
    void refusesAFolderThatIsNoCheckpoint() throws Exception {
        Files.delete(folder.resolve("checkpoint.json"));
        FidelException e = assertThrows(FidelException.class, () -> CheckpointReader.open(folder, "baseCheckpoint"));
        assertTrue(e.getMessage().startsWith("<baseCheckpoint> " + folder + " is not a checkpoint: it has no checkpoint.json"), e.getMessage());
    }

    @Test
    void acceptsWhatMatches() throws Exception {
        CheckpointCheck check = CheckpointCheck.none().vocabulary(Fixtures.VOCABULARY_SHA, 8000, "vocabulary")
                .normalizer(NormalizerProfile.amharic(), NormalizerDrift.FAIL).codec(Fixtures.CODEC.sha256(), "codec")
                .positions("text", 402, "maxTextTokens").positions("code", 605, "maxCodeTokens");
        Checkpoint loaded = CheckpointReader.open(folder, "baseCheckpoint").load(check, events);
        assertEquals(400, loaded.step());
        assertTrue(events.warnings.isEmpty(), events.warnings.toString());
    }
}
