package dev.fidel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defects 6 and 7: finetune judges its output against the manifest files themselves (a manifest in the
 * project folder does not make every output under target/ "lie inside" an input), and an input that cannot be read
 * is refused under its own element, never as an I/O error blamed on {@code <outputDirectory>}.
 */
class FinetuneInputsTest {

    @TempDir
    Path project;

    private Path manifests() throws Exception {
        Files.writeString(project.resolve("train.jsonl"), "");
        Files.writeString(project.resolve("val.jsonl"), "");
        return project;
    }

    private static FidelException refusal(FinetuneRequest request) {
        return assertThrows(FidelException.class, () -> new Finetune(EventSink.NONE).run(request));
    }

    @Test
    void manifestsInTheProjectFolderAreNotAReasonToRefuseAnOutputUnderTarget() throws Exception {
        Path data = manifests();
        FidelException e = refusal(FinetuneRequest.defaults(data, project.resolve("no-vocabulary"), project.resolve("target/checkpoints")));
        assertEquals("vocabulary", e.setting(), e.getMessage());
        assertTrue(e.getMessage().contains("no-vocabulary"), e.getMessage());
    }

    @Test
    void anOutputThatHoldsAManifestIsStillRefused() throws Exception {
        Path data = manifests();
        FidelException e = refusal(FinetuneRequest.defaults(data, project.resolve("vocabulary"), project));
        assertEquals("outputDirectory", e.setting(), e.getMessage());
        assertTrue(e.getMessage().contains("holds <trainManifest>"), e.getMessage());
    }

    @Test
    void aSentencePieceModelFileAsVocabularyIsReadAsTheVocabularyNotBlamedOnTheOutput() throws Exception {
        Path data = manifests();
        Path model = Files.write(project.resolve("am.model"), new byte[] {0x0A, 0x00});
        FidelException e = refusal(FinetuneRequest.defaults(data, model, project.resolve("target/checkpoints")));
        assertEquals("vocabulary", e.setting(), e.getMessage());
        assertTrue(e.getMessage().contains("vocabulary.json"), "the .model is accepted; its header is what is missing: " + e.getMessage());
    }

    @Test
    void aMissingManifestOrCodecIsRefusedUnderItsOwnElement() throws Exception {
        Path model = Files.write(project.resolve("am.model"), new byte[] {0x0A, 0x00});
        Files.writeString(project.resolve("val.jsonl"), "");
        FidelException train = refusal(FinetuneRequest.defaults(project, model, project.resolve("target/checkpoints")));
        assertEquals("trainManifest", train.setting(), train.getMessage());
        manifests();
        FidelException codec = refusal(FinetuneRequest.builder(project.resolve("train.jsonl"), project.resolve("val.jsonl"), model,
                project.resolve("target/checkpoints")).codec(project.resolve("codec.vq")).build());
        assertEquals("codec", codec.setting(), codec.getMessage());
        assertTrue(codec.getMessage().contains("codec.vq does not exist"), codec.getMessage());
    }
}
