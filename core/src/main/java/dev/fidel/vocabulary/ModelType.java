package dev.fidel.vocabulary;

/** {@code TrainerSpec.ModelType}: how SentencePiece segments with the pieces. */
public enum ModelType {
    UNIGRAM(1), BPE(2), WORD(3), CHAR(4);

    private final int number;

    ModelType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    static ModelType of(long number) {
        for (ModelType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown model type " + number);
    }
}
