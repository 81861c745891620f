package dev.fidel.vocabulary;

import dev.fidel.util.BoundedFiles;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A SentencePiece {@code .model} file ({@code ModelProto}): the ordered pieces, and the trainer and
 * normalizer specs. Fields this class does not interpret are kept byte for byte, so a base model read
 * and written back loses nothing.
 */
public final class SentencePieceModel {

    // ModelProto
    private static final int PIECES = 1;
    private static final int TRAINER_SPEC = 2;
    private static final int NORMALIZER_SPEC = 3;
    // ModelProto.SentencePiece
    private static final int PIECE = 1;
    private static final int SCORE = 2;
    private static final int TYPE = 3;
    // TrainerSpec
    static final int MODEL_TYPE = 3;
    static final int VOCAB_SIZE = 4;
    static final int CHARACTER_COVERAGE = 10;
    static final int INPUT_SENTENCE_SIZE = 11;
    static final int MAX_SENTENCE_LENGTH = 18;
    static final int MAX_SENTENCEPIECE_LENGTH = 20;
    static final int SPLIT_BY_UNICODE_SCRIPT = 21;
    static final int SPLIT_BY_WHITESPACE = 22;
    static final int SPLIT_BY_NUMBER = 23;
    static final int TREAT_WHITESPACE_AS_SUFFIX = 24;
    static final int SPLIT_DIGITS = 25;
    static final int ALLOW_WHITESPACE_ONLY_PIECES = 26;
    static final int CONTROL_SYMBOLS = 30;
    static final int USER_DEFINED_SYMBOLS = 31;
    static final int VOCABULARY_OUTPUT_PIECE_SCORE = 32;
    static final int HARD_VOCAB_LIMIT = 33;
    static final int BYTE_FALLBACK = 35;
    static final int REQUIRED_CHARS = 36;
    static final int UNK_ID = 40;
    static final int BOS_ID = 41;
    static final int EOS_ID = 42;
    static final int PAD_ID = 43;
    static final int UNK_SURFACE = 44;
    static final int UNK_PIECE = 45;
    static final int BOS_PIECE = 46;
    static final int EOS_PIECE = 47;
    static final int PAD_PIECE = 48;
    // NormalizerSpec
    static final int NORMALIZER_NAME = 1;
    static final int ADD_DUMMY_PREFIX = 3;
    static final int REMOVE_EXTRA_WHITESPACES = 4;
    static final int ESCAPE_WHITESPACES = 5;

    private final List<Piece> pieces;
    private final List<Protobuf.Field> trainerSpec;
    private final List<Protobuf.Field> normalizerSpec;
    private final List<Protobuf.Field> otherFields;

    SentencePieceModel(List<Piece> pieces, List<Protobuf.Field> trainerSpec, List<Protobuf.Field> normalizerSpec,
            List<Protobuf.Field> otherFields) {
        this.pieces = List.copyOf(pieces);
        this.trainerSpec = List.copyOf(trainerSpec);
        this.normalizerSpec = List.copyOf(normalizerSpec);
        this.otherFields = List.copyOf(otherFields);
    }

    public static SentencePieceModel read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * @param setting the configuration element that names the file, for the message when it is too large
     */
    public static SentencePieceModel read(Path file, String setting) throws IOException {
        byte[] bytes = BoundedFiles.bytes(file, BoundedFiles.Kind.VOCABULARY_MODEL, setting);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(file + ": not a SentencePiece model (" + e.getMessage() + ")", e);
        }
    }

    public static SentencePieceModel parse(byte[] bytes) {
        List<Piece> pieces = new ArrayList<>();
        List<Protobuf.Field> trainer = new ArrayList<>();
        List<Protobuf.Field> normalizer = new ArrayList<>();
        List<Protobuf.Field> other = new ArrayList<>();
        for (Protobuf.Field f : Protobuf.read(bytes)) {
            switch (f.number()) {
                case PIECES -> pieces.add(parsePiece(wired(f, Protobuf.LENGTH_DELIMITED, "pieces").bytes()));
                case TRAINER_SPEC -> trainer.addAll(Protobuf.read(wired(f, Protobuf.LENGTH_DELIMITED, "trainer_spec").bytes()));
                case NORMALIZER_SPEC -> normalizer.addAll(Protobuf.read(wired(f, Protobuf.LENGTH_DELIMITED, "normalizer_spec").bytes()));
                default -> other.add(f);
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        // The spec fields this class reads later are checked now, so a damaged file is refused here and not when used.
        for (Protobuf.Field f : trainer) {
            if (f.number() == MODEL_TYPE) {
                ModelType.of(wired(f, Protobuf.VARINT, "trainer_spec.model_type").value());
            } else if (f.number() == BYTE_FALLBACK) {
                wired(f, Protobuf.VARINT, "trainer_spec.byte_fallback");
            }
        }
        for (Protobuf.Field f : normalizer) {
            if (f.number() == NORMALIZER_NAME) {
                wired(f, Protobuf.LENGTH_DELIMITED, "normalizer_spec.name");
            } else if (f.number() == ADD_DUMMY_PREFIX) {
                wired(f, Protobuf.VARINT, "normalizer_spec.add_dummy_prefix");
            }
        }
        return new SentencePieceModel(pieces, trainer, normalizer, other);
    }

    /** {@code f}, after checking that it lies on the wire as a field of its kind does. */
    private static Protobuf.Field wired(Protobuf.Field f, int wireType, String name) {
        if (f.wireType() != wireType) {
            throw new IllegalArgumentException(name + " (field " + f.number() + ") has wire type " + f.wireType() + " where "
                    + wireType + " belongs");
        }
        return f;
    }

    private static Piece parsePiece(byte[] bytes) {
        String text = null;
        float score = 0f;
        PieceType type = PieceType.NORMAL;
        for (Protobuf.Field f : Protobuf.read(bytes)) {
            switch (f.number()) {
                case PIECE -> text = wired(f, Protobuf.LENGTH_DELIMITED, "piece").string();
                case SCORE -> score = wired(f, Protobuf.FIXED32, "score").floatValue();
                case TYPE -> type = PieceType.of((int) wired(f, Protobuf.VARINT, "type").value());
                default -> {
                }
            }
        }
        if (text == null) {
            throw new IllegalArgumentException("a piece without text");
        }
        return new Piece(text, score, type);
    }

    public byte[] toBytes() {
        Protobuf.Writer w = new Protobuf.Writer();
        for (Piece p : pieces) {
            Protobuf.Writer pw = new Protobuf.Writer().string(PIECE, p.text()).floatField(SCORE, p.score());
            if (p.type() != PieceType.NORMAL) {
                pw.varint(TYPE, p.type().number());
            }
            w.bytes(PIECES, pw.toBytes());
        }
        w.bytes(TRAINER_SPEC, message(trainerSpec));
        w.bytes(NORMALIZER_SPEC, message(normalizerSpec));
        otherFields.forEach(w::field);
        return w.toBytes();
    }

    private static byte[] message(List<Protobuf.Field> fields) {
        Protobuf.Writer w = new Protobuf.Writer();
        fields.forEach(w::field);
        return w.toBytes();
    }

    public List<Piece> pieces() {
        return pieces;
    }

    public int size() {
        return pieces.size();
    }

    public ModelType modelType() {
        return ModelType.of(trainerValue(MODEL_TYPE, ModelType.UNIGRAM.number()));
    }

    public boolean byteFallback() {
        return trainerValue(BYTE_FALLBACK, 0) != 0;
    }

    public String normalizerName() {
        return normalizerSpec.stream().filter(f -> f.number() == NORMALIZER_NAME).map(Protobuf.Field::string)
                .reduce((a, b) -> b).orElse("nmt_nfkc");
    }

    public boolean addDummyPrefix() {
        return normalizerSpec.stream().filter(f -> f.number() == ADD_DUMMY_PREFIX).map(f -> f.value() != 0)
                .reduce((a, b) -> b).orElse(true);
    }

    /** The id of the first piece of {@code type}, or -1. */
    public int firstIdOf(PieceType type) {
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    /** The id of the control piece {@code text}, or -1. */
    public int controlId(String text) {
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i).type() == PieceType.CONTROL && pieces.get(i).text().equals(text)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The vocabulary's identity: SHA-256 over the ordered pieces (type and text, one per line). Scores
     * and trainer options are left out: two files with the same identity map every id to the same piece.
     */
    public String identity() {
        StringBuilder sb = new StringBuilder();
        for (Piece p : pieces) {
            sb.append(p.type().number()).append('\t').append(p.text()).append('\n');
        }
        return Sha256.of(sb.toString());
    }

    /** This model with other pieces (the trainer spec's vocab_size follows). */
    public SentencePieceModel withPieces(List<Piece> newPieces) {
        List<Protobuf.Field> trainer = new ArrayList<>();
        boolean replaced = false;
        for (Protobuf.Field f : trainerSpec) {
            if (f.number() == VOCAB_SIZE) {
                trainer.add(new Protobuf.Field(VOCAB_SIZE, Protobuf.VARINT, newPieces.size(), null));
                replaced = true;
            } else {
                trainer.add(f);
            }
        }
        if (!replaced) {
            trainer.add(new Protobuf.Field(VOCAB_SIZE, Protobuf.VARINT, newPieces.size(), null));
        }
        return new SentencePieceModel(newPieces, trainer, normalizerSpec, otherFields);
    }

    private long trainerValue(int number, long fallback) {
        long v = fallback;
        for (Protobuf.Field f : trainerSpec) {
            if (f.number() == number) {
                v = f.value();
            }
        }
        return v;
    }

    /** Builds the trainer and normalizer spec of a model Fidel trained itself. */
    public static SentencePieceModel ofTrained(List<Piece> pieces, TrainerOptions options) {
        Protobuf.Writer t = new Protobuf.Writer()
                .varint(MODEL_TYPE, ModelType.BPE.number())
                .varint(VOCAB_SIZE, pieces.size())
                .floatField(CHARACTER_COVERAGE, (float) options.characterCoverage())
                .varint(MAX_SENTENCEPIECE_LENGTH, options.maxPieceLength())
                .bool(SPLIT_BY_UNICODE_SCRIPT, true)
                .bool(SPLIT_BY_WHITESPACE, true)
                .bool(SPLIT_BY_NUMBER, true)
                .bool(TREAT_WHITESPACE_AS_SUFFIX, false)
                .bool(SPLIT_DIGITS, false)
                .bool(ALLOW_WHITESPACE_ONLY_PIECES, false);
        for (String s : options.userDefinedSymbols()) {
            t.string(USER_DEFINED_SYMBOLS, s);
        }
        t.bool(VOCABULARY_OUTPUT_PIECE_SCORE, true)
                .bool(HARD_VOCAB_LIMIT, true)
                .bool(BYTE_FALLBACK, options.byteFallback());
        if (!options.requiredCharacters().isEmpty()) {
            t.string(REQUIRED_CHARS, options.requiredCharacters());
        }
        t.varint(UNK_ID, 0).varint(BOS_ID, 1).varint(EOS_ID, 2).varint(PAD_ID, -1)
                .string(UNK_SURFACE, " \u2047 ")
                .string(UNK_PIECE, TrainerOptions.UNK).string(BOS_PIECE, TrainerOptions.BOS)
                .string(EOS_PIECE, TrainerOptions.EOS).string(PAD_PIECE, "<pad>");
        // Fidel's AmharicNormalizer has normalized the text already: the model adds nothing but the
        // SentencePiece whitespace convention, so decode(encode(x)) gives x back for normalized x.
        Protobuf.Writer n = new Protobuf.Writer()
                .string(NORMALIZER_NAME, "identity")
                .bool(ADD_DUMMY_PREFIX, true)
                .bool(REMOVE_EXTRA_WHITESPACES, false)
                .bool(ESCAPE_WHITESPACES, true);
        return new SentencePieceModel(pieces, Protobuf.read(t.toBytes()), Protobuf.read(n.toBytes()), List.of());
    }
}
