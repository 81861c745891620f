package dev.fidel.maven;

/** {@code <vocab>}: the vocabulary's shape. {@code <size>} is also {@code -Dfidel.vocab.size}. */
public class Vocab {

    /** Pieces in the vocabulary, meta pieces included (default 8000). */
    private Integer size;

    public Integer getSize() {
        return size;
    }

    public void setSize(Integer size) {
        this.size = size;
    }
}
