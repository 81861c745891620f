package dev.fidel.checkpoint;

/**
 * The base vocabulary's tokenizer, as {@link EmbeddingResizer} needs it: splits the string of a
 * piece (SentencePiece form, {@code ▁} for a word start) into ids of the base vocabulary. Unknown
 * input must be left out of the result, not mapped to an unknown-piece id: an empty result means
 * the base vocabulary has no pieces for it.
 */
@FunctionalInterface
public interface PieceSplitter {

    int[] split(String piece);
}
