package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.data.Utterance;
import dev.fidel.event.CollectedEvents;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageCheckTest {

    @TempDir
    Path dir;

    @Test
    void aVocabularyWithoutEthiopicLettersFailsNamingTheWorstCharacters() throws Exception {
        Path latin = TestText.trainVocabulary(dir.resolve("latin"), TestText.english(1000),
                new TrainerOptions(500, 0.9999, "", true, List.of(), 16));
        Path amharic = TestText.write(dir.resolve("am.txt"), TestText.lines().subList(0, 500));
        Path report = dir.resolve("coverage.json");
        VerdictException e = assertThrows(VerdictException.class, () -> new CoverageCheck(EventSink.NONE).run(
                new CoverageCheck.Request(latin, List.of(), List.of(amharic), report, 0.99, 0.05, NormalizerProfile.amharic())));
        assertTrue(e.getMessage().contains("below minCoverage"), e.getMessage());
        assertTrue(e.getMessage().contains("U+12"), e.getMessage()); // an Ethiopic letter is named
        assertEquals("minCoverage", e.setting());
        CoverageReport r = Json.read(report, CoverageReport.class);
        assertFalse(r.passed());
        assertTrue(r.characterCoverage() < 0.1);
        assertTrue(r.byteFallbackTokens() > 0 && r.unknownTokenRate() > 0.5);
        assertFalse(r.uncovered().get(0).examples().isEmpty());
        assertTrue(r.uncovered().get(0).examples().get(0).contains("am.txt:"));
    }

    @Test
    void theAmharicVocabularyPassesOnHeldOutManifestLines() throws Exception {
        List<String> lines = TestText.lines();
        Path v = TestText.trainVocabulary(dir.resolve("am"), TestText.every(lines.subList(0, 3000), 10, 0, false),
                TrainerOptions.defaults().withVocabSize(1000));
        StringBuilder manifest = new StringBuilder();
        int i = 0;
        for (String line : TestText.every(lines.subList(0, 3000), 10, 0, true)) {
            manifest.append(Json.line(new Utterance("u" + i++, "s1", "a.wav", 1.0, line, line))).append('\n');
        }
        Path train = dir.resolve("train.jsonl");
        Files.writeString(train, manifest);
        CoverageReport r = new CoverageCheck(EventSink.NONE).run(new CoverageCheck.Request(v, List.of(train), List.of(),
                dir.resolve("coverage.json"), 0.99, 0.05, NormalizerProfile.amharic()));
        assertTrue(r.passed());
        assertTrue(r.characterCoverage() >= 0.99, "coverage " + r.characterCoverage());
        assertTrue(r.tokensPerWord() > 1 && r.tokensPerCharacter() < 1, r.toString());
        assertEquals(300, r.lines());
    }

    @Test
    void aPassedCheckIsSkippedUntilItsInputsOrThresholdsChangeAndAFailedOneIsJudgedAgain() throws Exception {
        Path v = TestText.trainVocabulary(dir.resolve("am"), TestText.lines().subList(0, 1500),
                TrainerOptions.defaults().withVocabSize(800));
        Path text = TestText.write(dir.resolve("held-out.txt"), TestText.lines().subList(1500, 1800));
        Path report = dir.resolve("coverage.json");
        List<String> log = new java.util.ArrayList<>();
        EventSink events = CollectedEvents.into(log);
        CoverageCheck check = new CoverageCheck(events);
        check.run(new CoverageCheck.Request(v, List.of(), List.of(text), report, 0.99, 0.05, NormalizerProfile.amharic()));
        check.run(new CoverageCheck.Request(v, List.of(), List.of(text), report, 0.99, 0.05, NormalizerProfile.amharic()));
        assertTrue(log.stream().anyMatch(m -> m.contains("up to date")), log.toString());

        log.clear();
        Files.writeString(text, "ሰላም ለዓለም\n", java.nio.file.StandardOpenOption.APPEND);
        check.run(new CoverageCheck.Request(v, List.of(), List.of(text), report, 0.99, 0.05, NormalizerProfile.amharic()));
        assertTrue(log.stream().noneMatch(m -> m.contains("up to date")), "a changed text is checked again: " + log);

        // A check that fails is not remembered as a pass: the next build judges it again.
        Files.writeString(text, "漢字 ሰላም\n", java.nio.file.StandardOpenOption.APPEND);
        for (int run = 0; run < 2; run++) {
            log.clear();
            assertThrows(VerdictException.class, () -> check.run(new CoverageCheck.Request(v, List.of(), List.of(text),
                    report, 1.0, 0.05, NormalizerProfile.amharic())));
            assertTrue(log.stream().noneMatch(m -> m.contains("up to date")), log.toString());
        }
    }

    @Test
    void aReportFileOfTheUsersOrInsideTheVocabularyIsNeverWritten() throws Exception {
        Path v = TestText.trainVocabulary(dir.resolve("am"), TestText.lines().subList(0, 1500), TrainerOptions.defaults().withVocabSize(700));
        Path text = TestText.write(dir.resolve("held-out.txt"), TestText.lines().subList(1500, 1600));
        Path mine = Files.writeString(dir.resolve("coverage.json"), "{\"the user's\": \"notes\"}");
        FidelException foreign = assertThrows(FidelException.class, () -> new CoverageCheck(EventSink.NONE).run(
                new CoverageCheck.Request(v, List.of(), List.of(text), mine, 0.99, 0.05, NormalizerProfile.amharic())));
        assertEquals("reportFile", foreign.setting());
        assertEquals("{\"the user's\": \"notes\"}", Files.readString(mine));
        FidelException inside = assertThrows(FidelException.class, () -> new CoverageCheck(EventSink.NONE).run(
                new CoverageCheck.Request(v, List.of(), List.of(text), v.resolve("coverage.json"), 0.99, 0.05,
                        NormalizerProfile.amharic())));
        assertTrue(inside.getMessage().contains("lies inside <vocabulary>"), inside.getMessage());
        // Written once by check-coverage, the same file is its own to rewrite.
        Path ours = dir.resolve("reports/coverage.json");
        new CoverageCheck(EventSink.NONE).run(new CoverageCheck.Request(v, List.of(), List.of(text), ours, 0.5, 0.5,
                NormalizerProfile.amharic(), true));
        new CoverageCheck(EventSink.NONE).run(new CoverageCheck.Request(v, List.of(), List.of(text), ours, 0.5, 0.5,
                NormalizerProfile.amharic(), true));
        assertTrue(Files.isRegularFile(ours));
    }
}
