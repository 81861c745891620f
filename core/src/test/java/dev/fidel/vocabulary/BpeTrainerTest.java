package dev.fidel.vocabulary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.text.Ethiopic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {

    @TempDir
    Path dir;

    private static final List<String> TEXT = TestText.lines().subList(0, 2000);

    @Test
    void sameTextAndOptionsGiveTheSameModelBytes() {
        TrainerOptions options = TrainerOptions.defaults().withVocabSize(700);
        byte[] a = SentencePieceModel.ofTrained(new BpeTrainer(options, EventSink.NONE).train(TEXT).pieces(), options).toBytes();
        byte[] b = SentencePieceModel.ofTrained(new BpeTrainer(options, EventSink.NONE).train(TEXT).pieces(), options).toBytes();
        assertArrayEquals(a, b);
    }

    @Test
    void layoutIsUnkControlsUserSymbolsBytesThenLearnedPieces() {
        TrainerOptions options = TrainerOptions.defaults().withVocabSize(800).withUserDefinedSymbols(List.of("<laugh>"));
        List<Piece> pieces = new BpeTrainer(options, EventSink.NONE).train(TEXT).pieces();
        assertEquals(800, pieces.size());
        assertEquals(new Piece("<unk>", 0f, PieceType.UNKNOWN), pieces.get(0));
        assertEquals(PieceType.CONTROL, pieces.get(1).type());
        assertEquals(PieceType.CONTROL, pieces.get(2).type());
        assertEquals(new Piece("<laugh>", 0f, PieceType.USER_DEFINED), pieces.get(3));
        assertEquals("<0x00>", pieces.get(4).text());
        assertEquals("<0xFF>", pieces.get(259).text());
        // learned pieces: scores fall with rank, the order SentencePiece's BPE merges in
        for (int i = 261; i < pieces.size(); i++) {
            assertTrue(pieces.get(i).score() < pieces.get(i - 1).score(), "score at " + i);
        }
    }

    @Test
    void theWholeEthiopicSyllabaryIsRequiredEvenWhenUnseen() {
        TrainerOptions options = TrainerOptions.defaults().withVocabSize(1200);
        List<Piece> pieces = new BpeTrainer(options, EventSink.NONE).train(TestText.english(500)).pieces();
        List<String> texts = pieces.stream().map(Piece::text).toList();
        assertTrue(texts.contains("ሀ") && texts.contains("ፚ") && texts.contains("።") && texts.contains("፼"));
        Ethiopic.basicBlock().codePoints().forEach(c -> assertTrue(texts.contains(Character.toString(c)), "missing " + c));
    }

    @Test
    void noPieceMixesScriptsOrCarriesASpaceInside() {
        List<String> mixed = TEXT.stream().map(s -> s + " ABC" + s.substring(0, Math.min(3, s.length())) + "xyz 12ሀ").toList();
        TrainerOptions options = TrainerOptions.defaults().withVocabSize(900).withRequiredCharacters("");
        for (Piece p : new BpeTrainer(options, EventSink.NONE).train(mixed).pieces()) {
            if (p.type() != PieceType.NORMAL) {
                continue;
            }
            long scripts = p.text().codePoints().filter(c -> c != Piece.SPACE).map(BpeTrainer::script).distinct().count();
            assertTrue(scripts <= 1, "piece mixes scripts: " + p.text());
            assertFalse(p.text().indexOf(Piece.SPACE, 1) > 0, "space inside: " + p.text());
            assertTrue(p.text().codePointCount(0, p.text().length()) <= 16);
        }
    }

    @Test
    void rareCharactersBeyondTheCoverageAreLeftToByteFallback() {
        List<String> text = new java.util.ArrayList<>(TEXT);
        text.add("ቐ");
        TrainerOptions options = new TrainerOptions(600, 0.999, "", true, List.of(), 16);
        List<String> pieces = new BpeTrainer(options, EventSink.NONE).train(text).pieces().stream().map(Piece::text).toList();
        assertFalse(pieces.contains("ቐ"));
        assertTrue(pieces.contains("ለ"));
    }

    @Test
    void aVocabularySizeBelowTheAlphabetIsRefusedNamingTheSetting() throws Exception {
        Path text = TestText.write(dir.resolve("t.txt"), TEXT);
        FidelException e = assertThrows(FidelException.class, () -> new VocabularyTraining(EventSink.NONE).run(
                new VocabularyTraining.Request(List.of(), List.of(text), dir.resolve("out"),
                        TrainerOptions.defaults().withVocabSize(300), null,
                        dev.fidel.text.NormalizerProfile.amharic(), false)));
        assertEquals("vocab><size", e.setting());
        assertTrue(e.getMessage().contains("300"), e.getMessage());
    }

    @Test
    void identityFollowsThePiecesNotTheScores() {
        TrainerOptions options = TrainerOptions.defaults().withVocabSize(700);
        SentencePieceModel m = SentencePieceModel.ofTrained(new BpeTrainer(options, EventSink.NONE).train(TEXT).pieces(), options);
        List<Piece> rescored = m.pieces().stream().map(p -> new Piece(p.text(), p.score() * 2, p.type())).toList();
        assertEquals(m.identity(), m.withPieces(rescored).identity());
        List<Piece> swapped = new java.util.ArrayList<>(m.pieces());
        java.util.Collections.swap(swapped, 400, 401);
        assertNotEquals(m.identity(), m.withPieces(swapped).identity());
        assertEquals(m.identity(), SentencePieceModel.parse(m.toBytes()).identity());
    }
}
