package dev.fidel.peer;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A peer model's text tokenizer, read as the peer's own code reads it: XTTS v2's {@code vocab.json}
 * (a Hugging Face {@code tokenizers} BPE) or IndexTTS2's {@code bpe.model} (SentencePiece). This is
 * the read-only view a checkpoint is resized through: rows are matched by token string, never by
 * position.
 */
public interface PeerTokenizer {

    /** The two file formats Fidel reads and extends. */
    enum Format {
        /** XTTS v2: Hugging Face tokenizers JSON, BPE model, Whitespace pre-tokenizer. */
        XTTS_VOCAB_JSON,
        /** IndexTTS2: a SentencePiece {@code ModelProto} (bos 0, eos 1, unk 2). */
        SENTENCEPIECE_MODEL
    }

    Format format();

    /** The file this tokenizer was read from. */
    Path file();

    /**
     * How many text rows the peer's model holds for this tokenizer by the peer's own rule: XTTS,
     * the largest id plus one (ids may have holes); SentencePiece, the number of pieces. IndexTTS2's
     * extra spare row is not counted here.
     */
    int rows();

    /** The token string at this id; empty for a hole in the ids or an id past the end. */
    Optional<String> token(int id);

    /** The id of this exact token string, if the tokenizer holds it. */
    OptionalInt id(String token);

    /**
     * The ids the peer's own tokenizer produces for this text, with no language tag and no bos/eos;
     * what it cannot encode comes back as its unknown id.
     */
    int[] encode(String text);

    /**
     * Whether this id is unknown or a control token (unk, bos, eos, pad, {@code [STOP]},
     * {@code [SPACE]}, a language tag): never the source of a composed row.
     */
    boolean isSpecial(int id);
}
