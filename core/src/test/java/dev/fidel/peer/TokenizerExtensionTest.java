package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import dev.fidel.vocabulary.BpeTrainer;
import dev.fidel.vocabulary.CoverageCheck;
import dev.fidel.vocabulary.CoverageReport;
import dev.fidel.vocabulary.SentencePieceModel;
import dev.fidel.vocabulary.TestText;
import dev.fidel.vocabulary.TrainerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-vocab with {@code <baseTokenizer>} and check-coverage on what it wrote. */
class TokenizerExtensionTest {

    @TempDir
    Path dir;

    private TokenizerExtension.Request request(Path base, Path text, Path out, int size) {
        return new TokenizerExtension.Request(List.of(), List.of(text), out,
                TrainerOptions.defaults().withVocabSize(size).withRequiredCharacters(""), base, NormalizerProfile.amharic(),
                false);
    }

    private CoverageReport coverage(Path vocabulary, Path text) throws FidelException {
        return new TokenizerCoverage(EventSink.NONE).run(new CoverageCheck.Request(vocabulary, List.of(), List.of(text),
                dir.resolve("reports/coverage.json"), 0.99, 0.0, NormalizerProfile.amharic(), true));
    }

    @Test
    void extendsAnXttsVocabularyWritesItsIdentityAndCoversAmharic() throws Exception {
        Path base = XttsFixture.realistic(dir.resolve("base/vocab.json"), false);
        Path text = TestText.write(dir.resolve("am.txt"), TestText.lines());
        Path out = dir.resolve("out");
        int rows = PeerTokenizers.read(base).rows();
        TokenizerExtension.Outcome first = new TokenizerExtension(EventSink.NONE).run(request(base, text, out, rows + 400));
        assertFalse(first.skipped());
        TokenizerExtensionInfo info = Json.read(out.resolve(TokenizerExtensionInfo.FILE_NAME), TokenizerExtensionInfo.class);
        assertEquals("vocab.json", info.file());
        assertEquals(Sha256.of(base), info.baseSha256());
        assertEquals(Sha256.of(out.resolve("vocab.json")), info.sha256());
        assertEquals(rows, info.baseRows());
        assertEquals(rows + 400, info.rows());
        assertEquals(info.rows() - info.baseRows(), info.piecesAdded(), "no holes among the appended ids");
        assertEquals("[am]", info.languageTag());
        assertEquals(rows, info.languageTagId());
        assertEquals(NormalizerProfile.amharic().sha256(), info.normalizerProfileSha256());
        assertTrue(new TokenizerExtension(EventSink.NONE).run(request(base, text, out, rows + 400)).skipped());

        CoverageReport report = coverage(out, text);
        assertEquals(info.sha256(), report.vocabularyIdentity());
        assertEquals(1.0, report.characterCoverage());
        assertEquals(0, report.unknownTokens());
        assertTrue(report.passed());

        Files.writeString(out.resolve("vocab.json"), Files.readString(out.resolve("vocab.json")).replace("\"[am]\"", "\"[xx]\""));
        FidelException swapped = assertThrows(FidelException.class, () -> coverage(out, text));
        assertTrue(swapped.getMessage().contains("replaced"), swapped.getMessage());
    }

    @Test
    void theBaseMustKeepRoomAndTheOutputMayNotHoldTheBase() throws Exception {
        Path base = XttsFixture.realistic(dir.resolve("base/vocab.json"), true);
        Path text = TestText.write(dir.resolve("am.txt"), TestText.lines().subList(0, 50));
        int rows = PeerTokenizers.read(base).rows();
        FidelException small = assertThrows(FidelException.class,
                () -> new TokenizerExtension(EventSink.NONE).run(request(base, text, dir.resolve("out"), rows)));
        assertEquals("vocab><size", small.setting());
        byte[] before = Files.readAllBytes(base);
        FidelException overlap = assertThrows(FidelException.class,
                () -> new TokenizerExtension(EventSink.NONE).run(request(base, text, base.getParent(), rows + 50)));
        assertEquals("outputDirectory", overlap.setting(), overlap.getMessage());
        assertTrue(overlap.getMessage().contains("baseTokenizer"), overlap.getMessage());
        assertEquals(Sha256.of(before), Sha256.of(base), "the base is untouched");
        FidelException missing = assertThrows(FidelException.class, () -> new TokenizerExtension(EventSink.NONE)
                .run(request(dir.resolve("nope/vocab.json"), text, dir.resolve("out"), rows + 50)));
        assertEquals("baseTokenizer", missing.setting());
        TokenizerExtension.Request symbols = new TokenizerExtension.Request(List.of(), List.of(text), dir.resolve("out"),
                TrainerOptions.defaults().withVocabSize(rows + 50).withUserDefinedSymbols(List.of("<laugh>")), base,
                NormalizerProfile.amharic(), false);
        assertEquals("userDefinedSymbols", assertThrows(FidelException.class,
                () -> new TokenizerExtension(EventSink.NONE).run(symbols)).setting());
    }

    @Test
    void maxPieceLengthOneAddsCharactersOnly() throws Exception {
        Path base = XttsFixture.realistic(dir.resolve("base/vocab.json"), false);
        Path text = TestText.write(dir.resolve("am.txt"), TestText.lines().subList(0, 300));
        int rows = PeerTokenizers.read(base).rows();
        TrainerOptions characters = new TrainerOptions(rows + 500, 1.0, "", true, List.of(), 1);
        TokenizerExtensionInfo info = new TokenizerExtension(EventSink.NONE).run(new TokenizerExtension.Request(List.of(),
                List.of(text), dir.resolve("out"), characters, base, NormalizerProfile.amharic(), false)).info();
        assertEquals(0, info.learnedAdded());
        assertEquals(info.charactersAdded() + 1, info.piecesAdded(), "the characters and [am]");
    }

    @Test
    void extendsASentencePieceModelAndCoversAmharic() throws Exception {
        List<String> old = SentencePieceExtensionTest.baseLines(1000);
        BpeTrainer.Result trained = new BpeTrainer(TrainerOptions.defaults().withVocabSize(500).withRequiredCharacters(""),
                EventSink.NONE).train(old);
        Path base = Files.write(Files.createDirectories(dir.resolve("base")).resolve("bpe.model"),
                SentencePieceModel.ofTrained(trained.pieces(), TrainerOptions.defaults()).toBytes());
        Path text = TestText.write(dir.resolve("am.txt"), TestText.lines());
        Path out = dir.resolve("out");
        TokenizerExtension.Outcome outcome = new TokenizerExtension(EventSink.NONE).run(request(base, text, out, 1500));
        assertEquals("bpe.model", outcome.info().file());
        assertEquals(1500, outcome.info().rows());
        assertEquals(null, outcome.info().languageTag());
        CoverageReport report = coverage(out, text);
        assertEquals(1.0, report.characterCoverage());
        assertEquals(0, report.unknownTokens() + report.byteFallbackTokens());
    }
}
