package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.event.EventSink;
import dev.fidel.vocabulary.BpeTrainer;
import dev.fidel.vocabulary.ModelType;
import dev.fidel.vocabulary.Piece;
import dev.fidel.vocabulary.SentencePieceModel;
import dev.fidel.vocabulary.TestText;
import dev.fidel.vocabulary.TrainerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extending an IndexTTS2-style bpe.model, judged by the SentencePiece library (Python's and DJL's JNI). */
class SentencePieceExtensionTest {

    @TempDir
    Path dir;

    /** Base-language lines: the fixture's languages, words shuffled into new sentences. */
    static List<String> baseLines(int count) {
        List<String> words = new ArrayList<>();
        for (String s : XttsFixture.BASE_TEXT) {
            Collections.addAll(words, s.split(" "));
        }
        Random random = new Random(11);
        List<String> lines = new ArrayList<>(List.of(XttsFixture.BASE_TEXT));
        while (lines.size() < count) {
            Collections.shuffle(words, random);
            lines.add(String.join(" ", words.subList(0, 4 + random.nextInt(10))));
        }
        return lines;
    }

    @Test
    void unigramBaseKeepsEveryPieceAndEncodingAndAmharicHasNoUnknown() throws Exception {
        String python = TestText.pythonWithSentencePiece();
        Path text = Files.write(dir.resolve("base.txt"), baseLines(3000), StandardCharsets.UTF_8);
        // IndexTTS2's layout: a unigram model, bos 0, eos 1, unk 2, no pad
        run(python, "-c", "import sys, sentencepiece as spm\n"
                + "spm.SentencePieceTrainer.train(input=sys.argv[1], model_prefix=sys.argv[2], vocab_size=400,"
                + " model_type='unigram', bos_id=0, eos_id=1, unk_id=2, pad_id=-1, character_coverage=1.0,"
                + " hard_vocab_limit=False)\n", text.toString(), dir.resolve("bpe").toString());
        Path base = dir.resolve("bpe.model");
        SentencePiecePeer peer = (SentencePiecePeer) PeerTokenizers.read(base);
        assertEquals(PeerTokenizer.Format.SENTENCEPIECE_MODEL, peer.format());
        assertEquals(ModelType.UNIGRAM, peer.model().modelType());
        assertEquals("<s>", peer.token(0).orElseThrow());
        assertEquals("<unk>", peer.token(2).orElseThrow());
        assertTrue(peer.isSpecial(0) && peer.isSpecial(1) && peer.isSpecial(2));
        List<String> amharic = TestText.lines();
        SentencePieceExtender.Extension ext = SentencePieceExtender.extend(peer.model(), amharic, "",
                peer.rows() + 800, 16, EventSink.NONE);
        Path extended = Files.write(Files.createDirectories(dir.resolve("extended")).resolve("bpe.model"), ext.model().toBytes());
        assertEquals(peer.rows() + 800, ext.model().size());
        float baseMin = 0;
        for (Piece p : peer.model().pieces()) {
            baseMin = Math.min(baseMin, p.score());
        }
        List<Piece> added = ext.model().pieces().subList(peer.rows(), ext.model().size());
        for (int i = 0; i < added.size(); i++) {
            assertTrue(added.get(i).score() < baseMin && added.get(i).score() >= baseMin - 2, added.get(i).toString());
            assertTrue(i == 0 || added.get(i).score() <= added.get(i - 1).score(), "scores fall with frequency");
        }
        Path amharicFile = Files.write(dir.resolve("am.txt"), amharic, StandardCharsets.UTF_8);
        Path oldFile = Files.write(dir.resolve("old.txt"), baseLines(3500).subList(3000, 3500), StandardCharsets.UTF_8);
        String report = run(python, "-c", "import sys, sentencepiece as spm\n"
                + "a = spm.SentencePieceProcessor(model_file=sys.argv[1])\n"
                + "b = spm.SentencePieceProcessor(model_file=sys.argv[2])\n"
                + "same = all(a.id_to_piece(i) == b.id_to_piece(i) and a.get_score(i) == b.get_score(i)"
                + " and a.is_control(i) == b.is_control(i) and a.is_unknown(i) == b.is_unknown(i) for i in range(a.get_piece_size()))\n"
                + "print('pieces', a.get_piece_size(), b.get_piece_size(), same)\n"
                + "print('ids', b.bos_id(), b.eos_id(), b.unk_id())\n"
                + "old = [l.rstrip('\\n') for l in open(sys.argv[4], encoding='utf-8')]\n"
                + "print('old', sum(a.encode(l) == b.encode(l) for l in old), len(old))\n"
                + "am = [l.rstrip('\\n') for l in open(sys.argv[3], encoding='utf-8')]\n"
                + "ids = [b.encode(l) for l in am]\n"
                + "print('unk', sum(i.count(b.unk_id()) for i in ids), 'tokens', sum(len(i) for i in ids),"
                + " 'chars', sum(len(l.replace(' ', '')) for l in am), 'unknown', sorted({hex(ord(c)) for l in am for c in l"
                + " if b.unk_id() in b.encode(c)}))\n",
                base.toString(), extended.toString(), amharicFile.toString(), oldFile.toString());
        System.out.println("python3 sentencepiece, unigram base + 800 pieces:\n" + report);
        List<String> lines = report.lines().toList();
        assertEquals("pieces " + peer.rows() + " " + (peer.rows() + 800) + " True", lines.get(0));
        assertEquals("ids 0 1 2", lines.get(1));
        assertEquals("old 500 500", lines.get(2));
        assertTrue(lines.get(3).startsWith("unk 0 "), lines.get(3));
        // the Java view encodes as the library does
        SentencePiecePeer ours = (SentencePiecePeer) PeerTokenizers.read(extended);
        assertEquals(0, java.util.Arrays.stream(ours.encode(amharic.get(7))).filter(id -> id == 2).count());
    }

    @Test
    void bpeBaseOldTextUnchangedThroughTheLibrary() throws Exception {
        List<String> old = baseLines(2000);
        BpeTrainer.Result trained = new BpeTrainer(TrainerOptions.defaults().withVocabSize(600).withRequiredCharacters(""),
                EventSink.NONE).train(old);
        SentencePieceModel baseModel = SentencePieceModel.ofTrained(trained.pieces(), TrainerOptions.defaults());
        Path base = Files.write(dir.resolve("base.model"), baseModel.toBytes());
        SentencePiecePeer peer = (SentencePiecePeer) PeerTokenizers.read(base);
        SentencePieceExtender.Extension ext = SentencePieceExtender.extend(peer.model(), TestText.lines(), "",
                peer.rows() + 300, 16, EventSink.NONE);
        SentencePiecePeer extended = (SentencePiecePeer) PeerTokenizers.read(
                Files.write(dir.resolve("extended.model"), ext.model().toBytes()));
        for (int i = 0; i < peer.rows(); i++) {
            assertEquals(peer.model().pieces().get(i), ext.model().pieces().get(i), "piece " + i);
        }
        for (String line : baseLines(2300).subList(2000, 2300)) {
            assertArrayEquals(peer.encode(line), extended.encode(line), line);
        }
        int unk = extended.model().firstIdOf(dev.fidel.vocabulary.PieceType.UNKNOWN);
        for (String line : TestText.lines()) {
            for (int id : extended.encode(line)) {
                assertTrue(id != unk && !(id >= 3 && id < 3 + 256 && extended.isSpecial(id)), line);
            }
        }
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
