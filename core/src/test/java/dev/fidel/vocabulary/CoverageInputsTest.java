package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.OwnedFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defects 7 and 9: check-coverage reads {@code <vocabulary>} as a folder or its {@code .model} file, as every
 * goal does, names {@code <vocabulary>} when it cannot be read, and its stamp keeps its dot
 * ({@code .coverage.json.fidel-fingerprint}); the stamp an earlier version wrote under the dot-less name goes once.
 */
class CoverageInputsTest {

    @TempDir
    Path dir;

    private CoverageReport check(Path vocabulary, Path text, Path report) throws FidelException {
        return new CoverageCheck(EventSink.NONE).run(new CoverageCheck.Request(vocabulary, List.of(), List.of(text), report, 0.5, 0.5,
                NormalizerProfile.amharic(), false));
    }

    @Test
    void aVocabularyGivenAsItsModelFileIsChecked() throws Exception {
        Path v = TestText.trainVocabulary(dir.resolve("am"), TestText.lines().subList(0, 1500), TrainerOptions.defaults().withVocabSize(700));
        Path text = TestText.write(dir.resolve("held-out.txt"), TestText.lines().subList(1500, 1600));
        Path report = dir.resolve("reports/coverage.json");
        check(v.resolve(VocabularyInfo.MODEL_FILE_NAME), text, report);
        assertTrue(Files.isRegularFile(report));

        FidelException missing = assertThrows(FidelException.class, () -> check(dir.resolve("am/none.model"), text, report));
        assertEquals("vocabulary", missing.setting(), missing.getMessage());
    }

    @Test
    void theStampKeepsItsDotAndTheEarlierNameIsReleasedOnce() throws Exception {
        assertEquals(".coverage.json.fidel-fingerprint", Fingerprint.stampName("coverage.json"));
        Path v = TestText.trainVocabulary(dir.resolve("am"), TestText.lines().subList(0, 1500), TrainerOptions.defaults().withVocabSize(700));
        Path text = TestText.write(dir.resolve("held-out.txt"), TestText.lines().subList(1500, 1600));
        Path reports = Files.createDirectories(dir.resolve("reports"));
        // What an earlier version left: its stamp under the dot-less name, listed in the marker as check-coverage's.
        String earlier = ".coverage.jsonfidel-fingerprint";
        OwnedFolder.take(reports, "check-coverage", "reportFile", earlier::equals, List.of(earlier));
        Files.writeString(reports.resolve(earlier), "old stamp\n");
        check(v, text, reports.resolve("coverage.json"));
        assertFalse(Files.exists(reports.resolve(earlier)));
        assertTrue(Files.isRegularFile(reports.resolve(".coverage.json.fidel-fingerprint")));

        // A file of the user's that happens to have that name elsewhere is not Fidel's, and stays.
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve(earlier), "mine");
        check(v, text, other.resolve("coverage.json"));
        assertEquals("mine", Files.readString(other.resolve(earlier)));
    }
}
