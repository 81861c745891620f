package dev.fidel.vocabulary;

import java.util.Locale;

/**
 * One vocabulary entry: its text ({@code ▁} stands for a space), score and type. A piece's id is its
 * index in the vocabulary.
 */
public record Piece(String text, float score, PieceType type) {

    /** The word-boundary mark SentencePiece writes for a space. */
    public static final char SPACE = '\u2581';

    /** The byte-fallback piece for one byte, {@code <0x41>}. */
    public static Piece ofByte(int b) {
        return new Piece(String.format(Locale.ROOT, "<0x%02X>", b & 0xFF), 0f, PieceType.BYTE);
    }

    /** The byte a byte-fallback piece stands for. */
    public int byteValue() {
        return Integer.parseInt(text.substring(3, 5), 16);
    }
}
