package dev.fidel.peer;

import dev.fidel.checkpoint.EmbeddingResizer;
import dev.fidel.checkpoint.Tensor.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * How each text row of the resized model is made, decided by token string, never by position:
 * <ol>
 * <li><b>copied</b>: a base id keeps its row, byte for byte (the extended tokenizer keeps every base id);</li>
 * <li><b>composed</b>: a new token whose string the base tokenizer encodes into known pieces gets the mean of
 * their rows (a new language tag such as {@code [am]}: the mean of the base's language tags);</li>
 * <li><b>romanized</b>: where the base tokenizer meets an unknown piece (every Ethiopic letter is unknown to an
 * English or Chinese base), the string is romanized ({@link Romanization}) and the mean of the known pieces of
 * the Latin form is taken;</li>
 * <li><b>random</b>: only then a row drawn from N(0, s), s the standard deviation of the base rows, seeded by
 * the seed, the tensor's name and the token's string (a bias: the mean of the base biases, so a new token is
 * neither favoured nor suppressed);</li>
 * <li><b>spare</b>: IndexTTS2's spare row, after the tokens, moves to the new last row unchanged.</li>
 * </ol>
 */
final class TextRows {

    enum How { COPIED, COMPOSED, ROMANIZED, RANDOM, SPARE }

    private static final Pattern LANGUAGE_TAG = Pattern.compile("\\[[a-z]{2,3}(-[a-z]+)?\\]");

    private final int baseRows;
    private final How[] how;
    private final int[][] sources;
    private final String[] tokens;
    private final String romanizationVersion;

    private TextRows(int baseRows, How[] how, int[][] sources, String[] tokens, String romanizationVersion) {
        this.baseRows = baseRows;
        this.how = how;
        this.sources = sources;
        this.tokens = tokens;
        this.romanizationVersion = romanizationVersion;
    }

    static TextRows plan(PeerModel peer, PeerTokenizer base, PeerTokenizer extended, Romanization romanization) {
        int baseRows = peer.textRows(base);
        int rows = peer.textRows(extended);
        How[] how = new How[rows];
        int[][] sources = new int[rows][];
        String[] tokens = new String[rows];
        int[] tags = languageTags(base);
        for (int id = 0; id < rows; id++) {
            tokens[id] = extended.token(id).orElse(null);
            if (id >= extended.rows()) {
                how[id] = How.SPARE;
                sources[id] = new int[] {baseRows - peer.spareRows() + (id - extended.rows())};
            } else if (id < base.rows()) {
                how[id] = How.COPIED;
                sources[id] = new int[] {id};
            } else if (tokens[id] != null && extended.isSpecial(id) && LANGUAGE_TAG.matcher(tokens[id]).matches() && tags.length > 0) {
                how[id] = How.COMPOSED;
                sources[id] = tags;
            } else {
                String text = tokens[id] == null ? null : tokens[id].replace('\u2581', ' ');
                int[] pieces = text == null || text.isEmpty() ? null : known(base, base.encode(text), true);
                if (pieces != null) {
                    how[id] = How.COMPOSED;
                    sources[id] = pieces;
                } else {
                    int[] latin = text == null || text.isEmpty() ? null : known(base, base.encode(romanization.romanize(text)), false);
                    if (latin != null) {
                        how[id] = How.ROMANIZED;
                        sources[id] = latin;
                    } else {
                        how[id] = How.RANDOM;
                    }
                }
            }
        }
        return new TextRows(baseRows, how, sources, tokens, romanization.version());
    }

    /** The known pieces: null when there are none, or (when {@code all}) when any piece is unknown or special. */
    private static int[] known(PeerTokenizer base, int[] ids, boolean all) {
        int[] kept = Arrays.stream(ids).filter(i -> i >= 0 && i < base.rows() && !base.isSpecial(i)).toArray();
        if (kept.length == 0 || all && kept.length != ids.length) {
            return null;
        }
        return kept;
    }

    private static int[] languageTags(PeerTokenizer base) {
        List<Integer> tags = new ArrayList<>();
        for (int id = 0; id < base.rows(); id++) {
            Optional<String> t = base.token(id);
            if (t.isPresent() && base.isSpecial(id) && LANGUAGE_TAG.matcher(t.get()).matches()) {
                tags.add(id);
            }
        }
        return tags.stream().mapToInt(Integer::intValue).toArray();
    }

    int rows() {
        return how.length;
    }

    int baseRows() {
        return baseRows;
    }

    int count(How which) {
        return (int) Arrays.stream(how).filter(h -> h == which).count();
    }

    /** The tokens whose rows were drawn at random (a hole in the ids shows as #id). */
    List<String> randomTokens() {
        List<String> out = new ArrayList<>();
        for (int id = 0; id < how.length; id++) {
            if (how[id] == How.RANDOM) {
                out.add(tokens[id] == null ? "#" + id : tokens[id]);
            }
        }
        return out;
    }

    How how(int row) {
        return how[row];
    }

    String romanizationVersion() {
        return romanizationVersion;
    }

    /**
     * The resized tensor: {@code base} holds {@link #baseRows()} rows of {@code width} elements of {@code dtype};
     * the result holds {@link #rows()}. Copied and spare rows are copied as bytes.
     */
    byte[] resize(byte[] base, DType dtype, int width, String name, long seed) {
        int rowBytes = width * dtype.bytes();
        byte[] out = new byte[Math.multiplyExact(rows(), rowBytes)];
        double mean = 0;
        double square = 0;
        long n = (long) baseRows * width;
        for (long i = 0; i < n; i++) {
            double v = RowCodec.get(base, i, dtype);
            mean += v;
            square += v * v;
        }
        mean /= Math.max(1, n);
        double std = Math.sqrt(Math.max(0, square / Math.max(1, n) - mean * mean));
        boolean bias = width == 1;
        for (int row = 0; row < rows(); row++) {
            switch (how[row]) {
                case COPIED, SPARE -> System.arraycopy(base, sources[row][0] * rowBytes, out, row * rowBytes, rowBytes);
                case COMPOSED, ROMANIZED -> {
                    for (int d = 0; d < width; d++) {
                        double sum = 0;
                        for (int source : sources[row]) {
                            sum += RowCodec.get(base, (long) source * width + d, dtype);
                        }
                        RowCodec.put(out, (long) row * width + d, dtype, (float) (sum / sources[row].length));
                    }
                }
                case RANDOM -> {
                    String key = tokens[row] == null ? "#" + row : tokens[row];
                    Random rng = new Random(EmbeddingResizer.seedFor(seed, name + "\u0000" + key));
                    for (int d = 0; d < width; d++) {
                        RowCodec.put(out, (long) row * width + d, dtype, (float) (bias ? mean : rng.nextGaussian() * std));
                    }
                }
            }
        }
        return out;
    }
}
