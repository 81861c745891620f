package dev.fidel.peer;

import ai.djl.sentencepiece.SpTokenizer;
import dev.fidel.vocabulary.Piece;
import dev.fidel.vocabulary.PieceType;
import dev.fidel.vocabulary.SentencePieceModel;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * IndexTTS2's {@code bpe.model}, a SentencePiece {@code ModelProto}: pieces in id order (bos 0, eos 1, unk 2
 * in IndexTTS2's). Encoding is the SentencePiece library's own (through DJL's JNI), so the ids are the
 * ones IndexTTS2 gets; the native processor is opened on the first encode and freed when this object is.
 */
public final class SentencePiecePeer implements PeerTokenizer {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Path file;
    private final byte[] bytes;
    private final SentencePieceModel model;
    private final Map<String, Integer> ids = new HashMap<>();
    private Native processor;

    private SentencePiecePeer(Path file, byte[] bytes, SentencePieceModel model) {
        this.file = file;
        this.bytes = bytes;
        this.model = model;
        List<Piece> pieces = model.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            ids.putIfAbsent(pieces.get(i).text(), i);
        }
    }

    static SentencePiecePeer read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        SentencePieceModel model;
        try {
            model = SentencePieceModel.parse(bytes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(file + " is neither a JSON vocab.json nor a SentencePiece model (" + e.getMessage() + ")", e);
        }
        return new SentencePiecePeer(file, bytes, model);
    }

    /** The parsed model, pieces and specs. */
    public SentencePieceModel model() {
        return model;
    }

    @Override
    public Format format() {
        return Format.SENTENCEPIECE_MODEL;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int rows() {
        return model.size();
    }

    @Override
    public Optional<String> token(int id) {
        return id < 0 || id >= model.size() ? Optional.empty() : Optional.of(model.pieces().get(id).text());
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public synchronized int[] encode(String text) {
        if (processor == null) {
            processor = new Native(new SpTokenizer(bytes));
            CLEANER.register(this, processor);
        }
        return processor.tokenizer.getProcessor().encode(text);
    }

    /** Unknown, control (bos, eos, pad), unused and byte pieces. */
    @Override
    public boolean isSpecial(int id) {
        if (id < 0 || id >= model.size()) {
            return false;
        }
        PieceType type = model.pieces().get(id).type();
        return type != PieceType.NORMAL && type != PieceType.USER_DEFINED;
    }

    boolean isUnknown(int id) {
        return id >= 0 && id < model.size() && model.pieces().get(id).type() == PieceType.UNKNOWN;
    }

    boolean isByte(int id) {
        return id >= 0 && id < model.size() && model.pieces().get(id).type() == PieceType.BYTE;
    }

    /** The native tokenizer, closed by the cleaner once nothing refers to the peer tokenizer. */
    private record Native(SpTokenizer tokenizer) implements Runnable {
        @Override
        public void run() {
            tokenizer.close();
        }
    }
}
