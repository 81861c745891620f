package dev.fidel.peer;

import dev.fidel.event.EventSink;
import dev.fidel.vocabulary.BpeTrainer;
import dev.fidel.vocabulary.ModelType;
import dev.fidel.vocabulary.Piece;
import dev.fidel.vocabulary.PieceType;
import dev.fidel.vocabulary.SentencePieceModel;
import dev.fidel.vocabulary.TrainerOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extends a peer's SentencePiece model (IndexTTS2's {@code bpe.model}) append-only: every base piece keeps
 * its id, text, score and type, and the specs stay as they are (only {@code trainer_spec.vocab_size}
 * follows the new piece count). Appended: every character of the text the base lacks, and pieces learned
 * on the text with Fidel's SentencePiece-rule BPE trainer, keeping only pieces that hold such a new
 * character: a piece made of base characters alone could change how the base's own languages are split.
 * <p>Scores, all below the base's lowest, so the base's own pieces win wherever they apply:
 * <ul>
 * <li>unigram (IndexTTS2's): spread over {@code (min - 2, min - 1]} in order of how often each piece occurs
 * in the text, most frequent highest; a longer piece still beats its parts, since every path pays for
 * each piece it takes;
 * <li>BPE: {@code min - 1 - rank}, the merges in the order they were learned, then the characters.
 * </ul>
 */
public final class SentencePieceExtender {

    /**
     * @param model the extended model
     * @param characters characters added
     * @param learned learned pieces added
     */
    public record Extension(SentencePieceModel model, int characters, int learned) {
        public int piecesAdded() {
            return characters + learned;
        }
    }

    private SentencePieceExtender() {
    }

    /**
     * @param base the base model
     * @param lines normalized text
     * @param requiredCharacters characters added whether the text has them or not
     * @param size the extended model's piece count: learned pieces fill what the characters leave
     * @param maxPieceLength the longest learned piece, in characters (1: characters only)
     */
    public static Extension extend(SentencePieceModel base, List<String> text, String requiredCharacters, int size,
            int maxPieceLength, EventSink events) {
        List<String> lines = asTheModelSees(base, text);
        Set<String> present = new HashSet<>();
        Set<Integer> baseChars = new HashSet<>();
        float min = 0f;
        for (Piece p : base.pieces()) {
            present.add(p.text());
            min = Math.min(min, p.score());
            if ((p.type() == PieceType.NORMAL || p.type() == PieceType.USER_DEFINED)
                    && p.text().codePointCount(0, p.text().length()) == 1) {
                baseChars.add(p.text().codePointAt(0));
            }
        }
        baseChars.add((int) Piece.SPACE);
        int room = size - base.size();
        TrainerOptions options = new TrainerOptions(Math.max(1, size), 1.0, requiredCharacters, false, List.of(),
                maxPieceLength);
        // Learn more merges than there is room for: those of base characters alone are left out.
        BpeTrainer.Result result = new BpeTrainer(options, events).learn(lines, Integer.MAX_VALUE, Math.max(0, 3 * room));
        int alphabetStart = result.learned().size() - result.alphabetSize();
        List<String> chars = new ArrayList<>();
        List<String> merges = new ArrayList<>();
        for (int i = 0; i < result.learned().size(); i++) {
            String s = result.learned().get(i);
            if (s.codePoints().anyMatch(c -> !baseChars.contains(c)) && present.add(s)) {
                (i < alphabetStart ? merges : chars).add(s);
            }
        }
        if (chars.size() > room) {
            events.warn(chars.size() + " characters are missing from " + "the base model, more than the " + Math.max(0, room)
                    + " pieces the size leaves: all of them are added");
        }
        List<String> added = new ArrayList<>(chars);
        added.addAll(merges.subList(0, Math.max(0, Math.min(merges.size(), room - chars.size()))));
        List<Piece> pieces = new ArrayList<>(base.pieces());
        if (base.modelType() == ModelType.UNIGRAM) {
            Map<String, Long> frequency = frequencies(lines, added, maxPieceLength);
            added.sort(Comparator.comparing((String s) -> -frequency.get(s)).thenComparing(BpeTrainer::compareCodePoints));
            for (int i = 0; i < added.size(); i++) {
                pieces.add(new Piece(added.get(i), min - 1 - (float) i / added.size(), PieceType.NORMAL));
            }
        } else {
            List<String> ordered = new ArrayList<>(added.subList(chars.size(), added.size()));
            ordered.addAll(chars);
            for (int i = 0; i < ordered.size(); i++) {
                pieces.add(new Piece(ordered.get(i), min - 1 - i, PieceType.NORMAL));
            }
        }
        return new Extension(base.withPieces(pieces), chars.size(), added.size() - chars.size());
    }

    /**
     * The text as the model's own normalizer will hand it to the pieces: NFKC for {@code nmt_nfkc} and
     * {@code nfkc} (IndexTTS2's is {@code nmt_nfkc}: e.g. {@code ²} becomes {@code 2}), also lowercased for the
     * {@code _cf} forms. Pieces are learned on that, so each piece can be matched.
     */
    static List<String> asTheModelSees(SentencePieceModel model, List<String> lines) {
        String name = model.normalizerName();
        if (!name.contains("nfkc")) {
            return lines;
        }
        boolean fold = name.endsWith("_cf");
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            String n = java.text.Normalizer.normalize(line, java.text.Normalizer.Form.NFKC);
            out.add(fold ? n.toLowerCase(java.util.Locale.ROOT) : n);
        }
        return out;
    }

    /** How often each piece occurs in the text's words ({@code ▁} in front of each), as a substring. */
    static Map<String, Long> frequencies(List<String> lines, List<String> pieces, int maxPieceLength) {
        Map<String, Long> words = new LinkedHashMap<>();
        for (String line : lines) {
            for (String w : line.split(" ")) {
                if (!w.isEmpty()) {
                    words.merge(Piece.SPACE + w, 1L, Long::sum);
                }
            }
        }
        Set<String> wanted = new HashSet<>(pieces);
        Map<String, Long> freq = new HashMap<>();
        pieces.forEach(p -> freq.put(p, 0L));
        for (Map.Entry<String, Long> e : words.entrySet()) {
            int[] cps = e.getKey().codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                for (int j = i + 1; j <= Math.min(cps.length, i + maxPieceLength); j++) {
                    String s = new String(cps, i, j - i);
                    if (wanted.contains(s)) {
                        freq.merge(s, e.getValue(), Long::sum);
                    }
                }
            }
        }
        return freq;
    }
}
