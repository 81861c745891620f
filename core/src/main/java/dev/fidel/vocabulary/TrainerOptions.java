package dev.fidel.vocabulary;

import dev.fidel.text.Ethiopic;
import java.util.List;

/**
 * How to train a vocabulary. The defaults follow {@code spm_train --model_type=bpe}, except that byte
 * fallback is on, so no text is ever unknown.
 *
 * @param vocabSize pieces in the vocabulary, meta pieces (unk, bos, eos, bytes, user symbols) included
 * @param characterCoverage share of the corpus' characters the alphabet must cover; rarer characters
 *        are left out (and fall back to bytes)
 * @param requiredCharacters characters that are always in the vocabulary, seen or not
 * @param byteFallback adds the 256 byte pieces {@code <0x00>..<0xFF>}
 * @param userDefinedSymbols pieces that are always one token and never split or merged
 * @param maxPieceLength the longest piece, in characters
 */
public record TrainerOptions(int vocabSize, double characterCoverage, String requiredCharacters,
        boolean byteFallback, List<String> userDefinedSymbols, int maxPieceLength) {

    public static final int DEFAULT_VOCAB_SIZE = 8000;
    public static final double DEFAULT_CHARACTER_COVERAGE = 0.9999;
    static final String UNK = "<unk>";
    static final String BOS = "<s>";
    static final String EOS = "</s>";

    /** The setting each range check is about, as a POM element ({@code vocab><size} is {@code <vocab><size>}). */
    public static final String SIZE = "vocab><size";
    public static final String CHARACTER_COVERAGE = "characterCoverage";
    public static final String MAX_PIECE_LENGTH = "vocab><maxPieceLength";

    /** @throws Invalid naming the setting when a value is out of range */
    public TrainerOptions {
        if (vocabSize < 1) {
            throw new Invalid("vocabulary size must be positive, not " + vocabSize, SIZE);
        }
        if (!(characterCoverage > 0 && characterCoverage <= 1)) {
            throw new Invalid("character coverage must be in (0, 1], not " + characterCoverage, CHARACTER_COVERAGE);
        }
        requiredCharacters = requiredCharacters == null ? "" : requiredCharacters;
        userDefinedSymbols = List.copyOf(userDefinedSymbols == null ? List.of() : userDefinedSymbols);
        if (maxPieceLength < 1) {
            throw new Invalid("max piece length must be positive, not " + maxPieceLength, MAX_PIECE_LENGTH);
        }
    }

    /** An option out of range; {@link #setting()} names which ({@link #SIZE}, {@link #CHARACTER_COVERAGE}, {@link #MAX_PIECE_LENGTH}). */
    public static final class Invalid extends IllegalArgumentException {
        private final String setting;

        Invalid(String message, String setting) {
            super(message);
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }

    /** Defaults, with the whole Ethiopic syllabary and punctuation required. */
    public static TrainerOptions defaults() {
        return new TrainerOptions(DEFAULT_VOCAB_SIZE, DEFAULT_CHARACTER_COVERAGE, Ethiopic.basicBlock(), true, List.of(), 16);
    }

    public TrainerOptions withVocabSize(int size) {
        return new TrainerOptions(size, characterCoverage, requiredCharacters, byteFallback, userDefinedSymbols, maxPieceLength);
    }

    public TrainerOptions withRequiredCharacters(String chars) {
        return new TrainerOptions(vocabSize, characterCoverage, chars, byteFallback, userDefinedSymbols, maxPieceLength);
    }

    public TrainerOptions withUserDefinedSymbols(List<String> symbols) {
        return new TrainerOptions(vocabSize, characterCoverage, requiredCharacters, byteFallback, symbols, maxPieceLength);
    }
}
