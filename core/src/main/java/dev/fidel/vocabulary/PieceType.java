package dev.fidel.vocabulary;

/** {@code ModelProto.SentencePiece.Type}, with the numbers the file uses. */
public enum PieceType {
    NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

    private final int number;

    PieceType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    static PieceType of(int number) {
        for (PieceType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown piece type " + number);
    }
}
