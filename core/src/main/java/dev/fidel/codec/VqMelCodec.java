package dev.fidel.codec;

import dev.fidel.util.BoundedFiles;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.ByteSize;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Vector-quantized mel codec: {@code framesPerCode} stacked log-mel frames, normalized per mel band,
 * mapped to the nearest of {@code codebookSize} k-means centroids. Learned deterministically from a
 * seed; saved as data (a JSON header, then float32 little-endian arrays), never as Java objects.
 */
public final class VqMelCodec implements AudioCodec {

    /** File layout version written in the header. */
    public static final int FORMAT_VERSION = 1;

    /**
     * How a codebook is learned.
     *
     * @param codebookSize number of codes (K)
     * @param framesPerCode mel frames stacked into one vector
     * @param maxTrainingVectors vectors sampled (seeded) for k-means; the rest only count for statistics
     * @param iterations Lloyd iterations after k-means++ initialization
     * @param seed the seed for sampling and initialization
     */
    public record Settings(int codebookSize, int framesPerCode, int maxTrainingVectors, int iterations, long seed) {
        public static Settings defaults() {
            return new Settings(256, 2, 40_000, 15, 1234);
        }
    }

    /** The JSON header of a saved codec. */
    public record Header(
            @JsonProperty("format") String format,
            @JsonProperty("formatVersion") int formatVersion,
            @JsonProperty("codebookSize") int codebookSize,
            @JsonProperty("framesPerCode") int framesPerCode,
            @JsonProperty("mels") int mels,
            @JsonProperty("seed") long seed,
            @JsonProperty("iterations") int iterations,
            @JsonProperty("trainingVectors") int trainingVectors,
            @JsonProperty("layout") String layout) {
    }

    private static final String FORMAT = "fidel-vq-mel-codec";
    private static final String LAYOUT = "float32 LE: mean[mels], std[mels], codebook[codebookSize][framesPerCode*mels] (normalized units)";

    private final Header header;
    private final float[] mean;
    private final float[] std;
    private final float[][] codebook;
    private final String sha256;

    private VqMelCodec(Header header, float[] mean, float[] std, float[][] codebook) {
        this.header = header;
        this.mean = mean;
        this.std = std;
        this.codebook = codebook;
        this.sha256 = Sha256.of(toBytes());
    }

    /** Learns the per-band statistics and the codebook from training mels ({@code [frames][mels]} each). */
    public static VqMelCodec learn(List<float[][]> mels, Settings settings) {
        int bands = mels.get(0)[0].length;
        double[] sum = new double[bands];
        double[] sumSq = new double[bands];
        long frames = 0;
        for (float[][] mel : mels) {
            for (float[] frame : mel) {
                for (int m = 0; m < bands; m++) {
                    sum[m] += frame[m];
                    sumSq[m] += (double) frame[m] * frame[m];
                }
                frames++;
            }
        }
        float[] mean = new float[bands];
        float[] std = new float[bands];
        for (int m = 0; m < bands; m++) {
            double mu = sum[m] / frames;
            mean[m] = (float) mu;
            std[m] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sumSq[m] / frames - mu * mu)));
        }
        List<float[]> vectors = new ArrayList<>();
        Header provisional = new Header(FORMAT, FORMAT_VERSION, settings.codebookSize(), settings.framesPerCode(),
                bands, settings.seed(), settings.iterations(), 0, LAYOUT);
        VqMelCodec stats = new VqMelCodec(provisional, mean, std, new float[0][]);
        for (float[][] mel : mels) {
            vectors.addAll(stats.stackedNormalized(mel));
        }
        // Seeded sample without replacement (partial Fisher-Yates), so k-means cost stays bounded.
        Random random = new Random(settings.seed());
        int n = Math.min(settings.maxTrainingVectors(), vectors.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(vectors.size() - i);
            float[] tmp = vectors.get(i);
            vectors.set(i, vectors.get(j));
            vectors.set(j, tmp);
        }
        float[][] sample = vectors.subList(0, n).toArray(new float[0][]);
        float[][] codebook = KMeans.fit(sample, settings.codebookSize(), settings.iterations(), settings.seed());
        Header header = new Header(FORMAT, FORMAT_VERSION, settings.codebookSize(), settings.framesPerCode(),
                bands, settings.seed(), settings.iterations(), n, LAYOUT);
        return new VqMelCodec(header, mean, std, codebook);
    }

    @Override
    public int[] encode(float[][] mel) {
        List<float[]> vectors = stackedNormalized(mel);
        int[] codes = new int[vectors.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = KMeans.nearest(codebook, vectors.get(i));
        }
        return codes;
    }

    @Override
    public float[][] decode(int[] codes) {
        int fpc = header.framesPerCode();
        int bands = header.mels();
        float[][] mel = new float[codes.length * fpc][bands];
        for (int i = 0; i < codes.length; i++) {
            float[] centroid = codebook[codes[i]];
            for (int f = 0; f < fpc; f++) {
                for (int m = 0; m < bands; m++) {
                    mel[i * fpc + f][m] = centroid[f * bands + m] * std[m] + mean[m];
                }
            }
        }
        return mel;
    }

    /** Mel frames normalized per band with this codec's statistics: what the conditioning encoder reads. */
    public float[][] normalize(float[][] mel) {
        float[][] out = new float[mel.length][mel[0].length];
        for (int f = 0; f < mel.length; f++) {
            for (int m = 0; m < mel[f].length; m++) {
                out[f][m] = (mel[f][m] - mean[m]) / std[m];
            }
        }
        return out;
    }

    /**
     * Mean squared error per mel value (log units) of decode(encode(mel)) against the mel, over the
     * frames the codes cover.
     */
    public double reconstructionError(List<float[][]> mels) {
        double sum = 0;
        long count = 0;
        for (float[][] mel : mels) {
            float[][] back = decode(encode(mel));
            for (int f = 0; f < mel.length; f++) {
                for (int m = 0; m < mel[f].length; m++) {
                    double d = back[f][m] - mel[f][m];
                    sum += d * d;
                    count++;
                }
            }
        }
        return sum / count;
    }

    @Override
    public int codebookSize() {
        return header.codebookSize();
    }

    @Override
    public int framesPerCode() {
        return header.framesPerCode();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    public Header header() {
        return header;
    }

    /** Writes the codec atomically: 8-byte little-endian header length, JSON header, float32 data. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, toBytes());
    }

    /** Upper bounds on a codec file's header sizes (far above any real codec; they keep a broken file from allocating). */
    static final int MAX_MELS = 512;
    static final int MAX_FRAMES_PER_CODE = 64;
    static final int MAX_CODEBOOK = 1 << 16;

    public static VqMelCodec load(Path file) throws FidelException {
        return load(file, null);
    }

    /**
     * @param setting the configuration element that names the file, for messages (null for a file Fidel keeps itself)
     */
    public static VqMelCodec load(Path file, String setting) throws FidelException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.bytes(file, BoundedFiles.Kind.CODEC, setting);
        } catch (IOException e) {
            throw new FidelException(file + ": cannot read codec: " + e.getMessage(), setting, e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * A codec from the bytes of a codec file ({@link #save}). Every size in the header is checked, in long
     * arithmetic, against the bytes that follow before anything is allocated.
     *
     * @param source what the bytes are, for messages: the file, or where a checkpoint keeps them
     */
    public static VqMelCodec parse(byte[] bytes, String source) throws FidelException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.length < 8 ? -1 : buf.getLong();
        if (headerLength <= 0 || headerLength > buf.remaining()) {
            throw new FidelException(source + ": not a Fidel codec file (" + (bytes.length < 8 ? bytes.length + " bytes"
                    : "header length " + headerLength + ", " + buf.remaining() + " bytes left") + ")");
        }
        byte[] json = new byte[(int) headerLength];
        buf.get(json);
        Header header;
        try {
            header = Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), Header.class);
        } catch (IOException e) {
            throw new FidelException(source + ": cannot read codec header: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(header.format()) || header.formatVersion() > FORMAT_VERSION) {
            throw new FidelException(source + ": codec format " + header.format() + " v" + header.formatVersion()
                    + " is not " + FORMAT + " v" + FORMAT_VERSION + " or older; re-learn the codec with this version");
        }
        int bands = header.mels();
        int dim = checkSizes(header, buf.remaining(), source);
        float[] mean = new float[bands];
        float[] std = new float[bands];
        buf.asFloatBuffer().get(mean);
        buf.position(buf.position() + 4 * bands);
        buf.asFloatBuffer().get(std);
        buf.position(buf.position() + 4 * bands);
        float[][] codebook = new float[header.codebookSize()][dim];
        for (float[] row : codebook) {
            buf.asFloatBuffer().get(row);
            buf.position(buf.position() + 4 * dim);
        }
        return new VqMelCodec(header, mean, std, codebook);
    }

    /**
     * The header's sizes against the {@code left} bytes that follow it, before anything is allocated: each
     * positive, the data they describe (in long arithmetic, so nothing overflows) exactly what is left, and
     * each within its bound. Returns the codebook vector length.
     */
    private static int checkSizes(Header header, long left, String source) throws FidelException {
        positive(source, "mels", header.mels());
        positive(source, "framesPerCode", header.framesPerCode());
        positive(source, "codebookSize", header.codebookSize());
        long dim = (long) header.mels() * header.framesPerCode();
        long needed;
        try {
            needed = Math.multiplyExact(4L, Math.addExact(Math.multiplyExact(header.codebookSize(), dim), 2L * header.mels()));
        } catch (ArithmeticException e) {
            needed = Long.MAX_VALUE;
        }
        if (needed != left) {
            double floats = (double) header.codebookSize() * dim + 2.0 * header.mels();
            throw new FidelException(String.format(Locale.ROOT, "%s: header says %d codebook entries of %d floats and 2 x %d band"
                    + " statistics (%s) but the file has %s left: the file is damaged or not a Fidel codec", source,
                    header.codebookSize(), dim, header.mels(), ByteSize.of(floats * 4), ByteSize.of(left)));
        }
        bounded(source, "mels", header.mels(), MAX_MELS);
        bounded(source, "framesPerCode", header.framesPerCode(), MAX_FRAMES_PER_CODE);
        bounded(source, "codebookSize", header.codebookSize(), MAX_CODEBOOK);
        return (int) dim;
    }

    private static void positive(String source, String field, int value) throws FidelException {
        bounded(source, field, value, Integer.MAX_VALUE);
    }

    private static void bounded(String source, String field, int value, int max) throws FidelException {
        if (value < 1 || value > max) {
            throw new FidelException(String.format(Locale.ROOT, "%s: codec header field %s is %d, outside 1..%d: the file is"
                    + " damaged or not a Fidel codec", source, field, value, max));
        }
    }

    private byte[] toBytes() {
        byte[] json = Json.line(header).getBytes(StandardCharsets.UTF_8);
        int dim = header.mels() * header.framesPerCode();
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + 4 * (2 * mean.length + codebook.length * dim))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        for (float v : mean) {
            buf.putFloat(v);
        }
        for (float v : std) {
            buf.putFloat(v);
        }
        for (float[] row : codebook) {
            for (float v : row) {
                buf.putFloat(v);
            }
        }
        return buf.array();
    }

    /** Normalized vectors of {@code framesPerCode} stacked frames; the last group repeats its last frame. */
    private List<float[]> stackedNormalized(float[][] mel) {
        int fpc = header.framesPerCode();
        int bands = header.mels();
        int groups = (mel.length + fpc - 1) / fpc;
        List<float[]> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            float[] v = new float[fpc * bands];
            for (int f = 0; f < fpc; f++) {
                float[] frame = mel[Math.min(g * fpc + f, mel.length - 1)];
                for (int m = 0; m < bands; m++) {
                    v[f * bands + m] = (frame[m] - mean[m]) / std[m];
                }
            }
            out.add(v);
        }
        return out;
    }
}
