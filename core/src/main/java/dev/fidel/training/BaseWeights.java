package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.EmbeddingResizer;
import dev.fidel.checkpoint.PieceSplitter;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.checkpoint.Tensor;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.vocabulary.Piece;
import dev.fidel.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A base checkpoint's weights put into the model to fine-tune: copied when the vocabulary is the base's, else with the
 * text embedding and head resized by piece string ({@link EmbeddingResizer}).
 */
final class BaseWeights {

    private BaseWeights() {
    }

    /** The base's configuration with this run's vocabulary size. */
    static GptConfig withVocabulary(GptConfig c, int vocabularySize) {
        return new GptConfig(c.width(), c.layers(), c.heads(), c.dropout(), vocabularySize, c.codebookSize(), c.maxTextTokens(),
                c.maxCodeTokens(), c.conditioningLatents(), c.mels());
    }

    /**
     * Copies the base weights into {@code model}; when the vocabulary differs, resizes the text embedding and head by piece
     * string.
     *
     * @return the resize counts ("copied 7980, composed 15, random 5"), or null when the weights were copied as they are
     */
    static String load(SpeechGpt model, TtsCheckpoint base, Vocabulary vocabulary, long seed, EventSink events) throws FidelException {
        SafeTensors baseWeights = DjlTensors.weights(base.model().getParameters());
        String source = "base checkpoint " + base.folder();
        if (base.vocabulary().identity().equals(vocabulary.identity())) {
            DjlTensors.load(baseWeights, model.getParameters(), source);
            events.info("the base checkpoint has the same vocabulary " + vocabulary.identity().substring(0, 12) + ": weights copied");
            return null;
        }
        List<String> basePieces = pieces(base.vocabulary());
        List<String> newPieces = pieces(vocabulary);
        Vocabulary baseVocabulary = base.vocabulary();
        int unk = baseVocabulary.unkId();
        PieceSplitter splitter = piece -> {
            String text = piece.replace(Piece.SPACE, ' ').strip();
            return text.isEmpty() ? new int[0] : Arrays.stream(baseVocabulary.encode(text)).filter(id -> id != unk).toArray();
        };
        Map<String, Tensor> tensors = new TreeMap<>(baseWeights.tensors());
        String summary = null;
        for (String name : baseWeights.tensors().keySet()) {
            if (name.contains("textEmbedding") || name.contains("textHead")) {
                EmbeddingResizer.Result resized = resizeRows(basePieces, newPieces, splitter, baseWeights.get(name), seed);
                long rows = newPieces.size() + 2L;
                long[] shape = baseWeights.get(name).shape().length == 1 ? new long[] {rows} : new long[] {rows, resized.dim()};
                tensors.put(name, Tensor.f32(resized.matrix(), shape));
                summary = resized.summary();
            }
        }
        DjlTensors.load(new SafeTensors(tensors), model.getParameters(), source);
        events.info("vocabulary changed (" + base.vocabulary().identity().substring(0, 12) + " -> " + vocabulary.identity().substring(0, 12)
                + "): text embedding and head resized by piece string: " + summary);
        return summary;
    }

    /** The vocabulary rows resized, the two start/stop rows after them copied. */
    static EmbeddingResizer.Result resizeRows(List<String> basePieces, List<String> newPieces, PieceSplitter splitter, Tensor base,
            long seed) {
        long[] shape = base.shape();
        int dim = shape.length == 1 ? 1 : (int) shape[1];
        float[] all = base.floats();
        float[] pieceRows = Arrays.copyOf(all, basePieces.size() * dim);
        EmbeddingResizer.Result resized = EmbeddingResizer.resize(basePieces, newPieces, splitter, pieceRows, dim, seed);
        float[] matrix = Arrays.copyOf(resized.matrix(), (newPieces.size() + 2) * dim);
        System.arraycopy(all, basePieces.size() * dim, matrix, newPieces.size() * dim, 2 * dim);
        return new EmbeddingResizer.Result(matrix, dim, resized.copied(), resized.composed(), resized.randomPieces());
    }

    private static List<String> pieces(Vocabulary v) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            pieces.add(v.piece(i).text());
        }
        return pieces;
    }
}
