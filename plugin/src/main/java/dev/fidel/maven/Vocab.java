package dev.fidel.maven;

/**
 * {@code <vocab>}: the vocabulary's shape. {@code <size>} is also {@code -Dfidel.vocab.size};
 * {@code <maxPieceLength>1</maxPieceLength>} makes a character vocabulary (no merges).
 */
public class Vocab {

    /** Pieces in the vocabulary, meta pieces included (default 8000). */
    private Integer size;

    /** The longest piece in characters (default 16, as SentencePiece); 1: characters only. */
    private Integer maxPieceLength;

    public Integer getMaxPieceLength() {
        return maxPieceLength;
    }

    public void setMaxPieceLength(Integer maxPieceLength) {
        this.maxPieceLength = maxPieceLength;
    }

    public Integer getSize() {
        return size;
    }

    public void setSize(Integer size) {
        this.size = size;
    }
}
