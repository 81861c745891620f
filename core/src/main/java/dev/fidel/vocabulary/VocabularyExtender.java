package dev.fidel.vocabulary;

import dev.fidel.event.EventSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Extends a base vocabulary (BPE or unigram) with pieces learned from new text: every base piece keeps
 * its id, score and type; new pieces are appended after the last base id, merges in the order they
 * were learned, then the characters the base lacks. Their scores lie below every base score, so the
 * base's own segmentations win where the base covers the text:
 * <ul>
 * <li>BPE: score {@code min - 1 - rank}, so new merges come after all base merges, in learned order;
 * <li>unigram: scores spread over {@code (min - 2, min - 1]}, so a longer new piece still beats its
 * parts (a path of fewer pieces scores higher).
 * </ul>
 */
public final class VocabularyExtender {

    private final TrainerOptions options;
    private final EventSink events;

    /** The extended model and how many pieces were added. */
    public record Extension(SentencePieceModel model, int added) {
    }

    public VocabularyExtender(TrainerOptions options, EventSink events) {
        this.options = options;
        this.events = events;
    }

    /**
     * @param base the base model
     * @param lines normalized text
     * @throws IllegalArgumentException when {@code options.vocabSize()} is not above the base's size
     */
    public Extension extend(SentencePieceModel base, Iterable<String> lines) {
        int extra = options.vocabSize() - base.size();
        if (extra <= 0) {
            throw new IllegalArgumentException("the vocabulary size " + options.vocabSize()
                    + " leaves no room above the base's " + base.size() + " pieces");
        }
        Set<String> present = new HashSet<>();
        float minScore = 0f;
        for (Piece p : base.pieces()) {
            present.add(p.text());
            minScore = Math.min(minScore, p.score());
        }
        // Learn more merges than needed: some of them are base pieces already.
        BpeTrainer.Result learned = new BpeTrainer(options, events).learn(lines, Integer.MAX_VALUE, extra);
        List<String> merges = new ArrayList<>();
        List<String> chars = new ArrayList<>();
        int alphabetStart = learned.learned().size() - learned.alphabetSize();
        for (int i = 0; i < learned.learned().size(); i++) {
            String s = learned.learned().get(i);
            if (present.add(s)) {
                (i < alphabetStart ? merges : chars).add(s);
            }
        }
        int room = extra - chars.size();
        if (room < 0) {
            events.warn(chars.size() + " characters are missing from the base vocabulary, more than the " + extra
                    + " pieces the vocabulary size leaves: all of them are added");
            room = 0;
        }
        List<String> added = new ArrayList<>(merges.subList(0, Math.min(room, merges.size())));
        added.addAll(chars);
        boolean unigram = base.modelType() == ModelType.UNIGRAM;
        List<Piece> pieces = new ArrayList<>(base.pieces());
        for (int i = 0; i < added.size(); i++) {
            float score = unigram ? minScore - 1 - (float) i / added.size() : minScore - 1 - i;
            pieces.add(new Piece(added.get(i), score, PieceType.NORMAL));
        }
        return new Extension(base.withPieces(pieces), added.size());
    }
}
