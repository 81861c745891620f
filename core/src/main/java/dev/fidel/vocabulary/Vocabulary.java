package dev.fidel.vocabulary;

import dev.fidel.util.BoundedFiles;
import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import dev.fidel.FidelException;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.SpokenText;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained vocabulary and the one tokenization path of Fidel: {@link #encode(String)} normalizes the
 * raw text with the normalizer profile the vocabulary was trained under, then segments it with the
 * SentencePiece library (through DJL's JNI). Data loading, training and synthesis all call it, so the
 * ids a model is trained on are the ids it is given at synthesis.
 *
 * <p>Loading checks {@code vocabulary.json} against the model's pieces and the normalizer profile, and
 * refuses a model swapped under its header. Close it to free the native processor.
 */
public final class Vocabulary implements AutoCloseable {

    private final VocabularyInfo info;
    private final SentencePieceModel model;
    private final AmharicNormalizer normalizer;
    private final SpTokenizer tokenizer;
    private final SpProcessor processor;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocabulary(VocabularyInfo info, SentencePieceModel model, byte[] modelBytes, AmharicNormalizer normalizer) {
        this.info = info;
        this.model = model;
        this.normalizer = normalizer;
        this.tokenizer = new SpTokenizer(modelBytes);
        this.processor = tokenizer.getProcessor();
        List<Piece> pieces = model.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            ids.putIfAbsent(pieces.get(i).text(), i);
        }
    }

    /**
     * The {@code .model} file a {@code <vocabulary>} setting means: the setting itself when it names a file, else
     * {@code vocabulary.model} in the folder it names. Every goal reads the setting this one way.
     */
    public static Path modelFile(Path location) {
        return Files.isDirectory(location) ? location.resolve(VocabularyInfo.MODEL_FILE_NAME) : location;
    }

    /** Loads {@code vocabulary.model} and {@code vocabulary.json} from a folder, with the Amharic profile. */
    public static Vocabulary load(Path directory) throws FidelException {
        return load(directory, NormalizerProfile.amharic());
    }

    /**
     * Loads a vocabulary folder (or its {@code vocabulary.model}) and checks it.
     *
     * @param profile the normalizer profile; it must be the one the vocabulary was trained under
     */
    public static Vocabulary load(Path location, NormalizerProfile profile) throws FidelException {
        Path dir = Files.isDirectory(location) ? location : location.toAbsolutePath().getParent();
        Path modelFile = modelFile(location);
        Path infoFile = dir.resolve(VocabularyInfo.FILE_NAME);
        if (!Files.isRegularFile(modelFile)) {
            throw new FidelException(modelFile + " does not exist: run train-vocab first", "vocabulary", null);
        }
        if (!Files.isRegularFile(infoFile)) {
            throw new FidelException(infoFile + " does not exist: a vocabulary must carry its header "
                    + "(run train-vocab, or train-vocab with <baseVocabulary> to adopt a foreign .model)", "vocabulary", null);
        }
        try {
            byte[] bytes = BoundedFiles.bytes(modelFile, BoundedFiles.Kind.VOCABULARY_MODEL, "vocabulary");
            SentencePieceModel model;
            try {
                model = SentencePieceModel.parse(bytes);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new FidelException(modelFile + " is not a SentencePiece model: " + e.getMessage(), "vocabulary", e);
            }
            VocabularyInfo info = Json.read(infoFile, VocabularyInfo.class, "vocabulary");
            check(info, model, profile, modelFile, infoFile);
            return new Vocabulary(info, model, bytes, new AmharicNormalizer(profile));
        } catch (IOException e) {
            throw new FidelException("cannot read the vocabulary in " + dir + ": " + e.getMessage(), "vocabulary", e);
        }
    }

    private static void check(VocabularyInfo info, SentencePieceModel model, NormalizerProfile profile, Path modelFile,
            Path infoFile) throws FidelException {
        if (info.formatVersion() != VocabularyInfo.FORMAT_VERSION) {
            throw new FidelException(infoFile + " has format version " + info.formatVersion() + ", this Fidel reads "
                    + VocabularyInfo.FORMAT_VERSION + ": run train-vocab again", "vocabulary", null);
        }
        String identity = model.identity();
        if (!identity.equals(info.identity()) || model.size() != info.size()) {
            throw new FidelException(modelFile + " does not match " + infoFile + ": its pieces have identity "
                    + identity + " (" + model.size() + " pieces), the header says " + info.identity() + " ("
                    + info.size() + " pieces). The model file was replaced: run train-vocab with -Dfidel.force",
                    "vocabulary", null);
        }
        if (!profile.sha256().equals(info.normalizerProfileSha256())) {
            throw new FidelException(infoFile + " was trained under normalizer profile " + info.normalizerProfileSha256()
                    + ", not under the profile in use (" + profile.sha256() + "): train the vocabulary again with this "
                    + "profile", "vocabulary", null);
        }
    }

    /** The one tokenization path: normalize, then encode. */
    public int[] encode(String rawText) {
        return encodeNormalized(normalize(rawText));
    }

    int[] encodeNormalized(String normalized) {
        return processor.encode(normalized);
    }

    /** The text a raw text becomes before encoding. */
    public String normalize(String rawText) {
        return normalizer.normalize(rawText);
    }

    /**
     * The text of ids: the normalized text they were encoded from. Decoded here from the pieces, as
     * SentencePiece does (byte pieces gathered into UTF-8, the dummy-prefix space dropped), because the
     * JNI's decode garbles characters outside the Basic Multilingual Plane.
     */
    public String decode(int[] tokenIds) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        boolean atStart = model.addDummyPrefix();
        for (int id : tokenIds) {
            Piece piece = piece(id);
            switch (piece.type()) {
                case CONTROL -> {
                }
                case BYTE -> bytes.write(piece.byteValue());
                case UNKNOWN -> bytes.writeBytes(" \u2047 ".getBytes(StandardCharsets.UTF_8));
                default -> {
                    String text = piece.text();
                    if (atStart && bytes.size() == 0 && !text.isEmpty() && text.charAt(0) == Piece.SPACE) {
                        text = text.substring(1);
                    }
                    bytes.writeBytes(text.replace(Piece.SPACE, ' ').getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Splits a text for synthesis, see {@link Segmenter}. */
    public List<Segment> segment(String rawText, int maxTokens) {
        return new Segmenter(this).segmentNormalized(normalize(rawText), maxTokens);
    }

    /**
     * {@link #segment(String, int)} of a text already normalized under this vocabulary's profile (a {@link SpokenText}'s
     * normalized form): the same segments, as normalizing is idempotent, without normalizing again.
     */
    public List<Segment> segmentNormalized(String normalized, int maxTokens) {
        return new Segmenter(this).segmentNormalized(normalized, maxTokens);
    }

    public Piece piece(int id) {
        checkId(id);
        return model.pieces().get(id);
    }

    /** The id of a piece, or -1. */
    public int idOf(String pieceText) {
        return ids.getOrDefault(pieceText, -1);
    }

    public int size() {
        return model.size();
    }

    public String identity() {
        return info.identity();
    }

    public VocabularyInfo info() {
        return info;
    }

    public SentencePieceModel model() {
        return model;
    }

    /** Id of the unknown piece. */
    public int unkId() {
        return info.specialTokens().getOrDefault("unk", -1);
    }

    private void checkId(int id) {
        // An id past the end aborts the JVM inside SentencePiece: refuse it here.
        if (id < 0 || id >= model.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.." + (model.size() - 1) + ")");
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Builds the header for a model written to {@code modelFile}. */
    static VocabularyInfo infoFor(SentencePieceModel model, Path modelFile, NormalizerProfile profile,
            Map<String, Object> trainer, Map<String, String> inputs, VocabularyInfo.Base base) throws IOException {
        Map<String, Integer> special = new HashMap<>();
        special.put("unk", model.firstIdOf(PieceType.UNKNOWN));
        special.put("bos", model.controlId(TrainerOptions.BOS));
        special.put("eos", model.controlId(TrainerOptions.EOS));
        special.put("pad", model.controlId("<pad>"));
        return new VocabularyInfo(VocabularyInfo.FORMAT_VERSION, model.identity(), model.size(), model.modelType().name(),
                model.byteFallback(), special, profile.sha256(), Sha256.of(modelFile), trainer, inputs, base,
                dev.fidel.util.Versions.FIDEL);
    }
}
