package dev.fidel.recognition;

import dev.fidel.util.BoundedFiles;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.audio.Resampler;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.ByteSize;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import dev.fidel.util.TorchEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fidel's own recognizer: a small CTC network over log-mel frames, greedy decoding. Saved as data:
 * {@code recognizer.json} ({@link RecognizerHeader}) and {@code recognizer.weights} (raw float32,
 * little-endian, in header order). Not thread-safe; close it to free native memory.
 */
public final class CtcRecognizer implements Recognizer {

    public static final String HEADER_FILE = "recognizer.json";
    public static final String WEIGHTS_FILE = "recognizer.weights";

    /** Natural log of MelSpectrogram's power floor: the value of digital silence, used as padding. */
    static final float LOG_FLOOR = (float) Math.log(1e-5);

    private final NDManager manager;
    private final Block block;
    private final RecognizerHeader header;

    CtcRecognizer(NDManager manager, Block block, RecognizerHeader header) {
        this.manager = manager;
        this.block = block;
        this.header = header;
    }

    /** A freshly initialized (untrained) network; {@code seed} fixes its initial weights. */
    static Block newNetwork(NDManager manager, CtcRecognizerConfig config, CharacterSet characters, int mels, long seed) {
        TorchEngine.engine().setRandomSeed((int) seed);
        Block block = CtcNetwork.build(config, characters.size());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 16, mels));
        return block;
    }

    public RecognizerHeader header() {
        return header;
    }

    public CharacterSet characterSet() {
        return header.characterSet();
    }

    @Override
    public java.util.function.IntPredicate inventory() {
        return header.characterSet()::contains;
    }

    /** The features it reads: the sample rate and mel analysis it was trained with. */
    public MelConfig melConfig() {
        return header.melConfig();
    }

    /** Each clip resampled to {@code melConfig().sampleRate()} and turned into its log-mel frames, then {@link #transcribeMels}. */
    @Override
    public List<String> transcribe(List<float[]> clips, int sampleRate) {
        MelSpectrogram spectrogram = new MelSpectrogram(melConfig());
        List<float[][]> mels = new ArrayList<>(clips.size());
        for (float[] clip : clips) {
            mels.add(clip.length == 0 ? new float[0][] : spectrogram.compute(Resampler.resample(clip, sampleRate, melConfig().sampleRate())));
        }
        return transcribeMels(mels);
    }

    /**
     * Transcripts of log-mel frames ({@code [frames][mels]}, {@link MelSpectrogram} at {@link #melConfig()}): the
     * network's own features, for work that has them already (training, experiments on stored mels). One utterance at
     * a time, so a transcript never depends on what else was in the batch.
     */
    public List<String> transcribeMels(List<float[][]> mels) {
        List<String> out = new ArrayList<>(mels.size());
        ParameterStore store = new ParameterStore(manager, false);
        for (float[][] mel : mels) {
            if (mel.length == 0) {
                out.add("");
                continue;
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray logits = forward(step, store, java.util.Collections.singletonList(mel), false);
                long[] best = logits.argMax(2).toType(DataType.INT64, false).toLongArray();
                int[] classes = Arrays.stream(best).mapToInt(v -> (int) v).toArray();
                out.add(characterSet().decode(GreedyCtcDecoder.decode(classes)));
            }
        }
        return out;
    }

    /** Logits {@code (B, steps, classes)} for a batch padded to its longest utterance. */
    NDArray forward(NDManager step, ParameterStore store, List<float[][]> mels, boolean training) {
        int bands = header.melConfig().mels();
        int frames = mels.stream().mapToInt(m -> m.length).max().orElse(0);
        float[] data = new float[mels.size() * frames * bands];
        for (int b = 0; b < mels.size(); b++) {
            float[][] mel = mels.get(b);
            if (mel[0].length != bands) {
                throw new IllegalArgumentException("mel has " + mel[0].length + " bands, the recognizer reads " + bands);
            }
            float[] one = header.features().normalize(mel, frames, LOG_FLOOR);
            System.arraycopy(one, 0, data, b * frames * bands, one.length);
        }
        NDArray input = step.create(data, new Shape(mels.size(), frames, bands));
        NDArray logits = block.forward(store, new NDList(input), training).singletonOrThrow();
        logits.attach(step);
        return logits;
    }

    Block block() {
        return block;
    }

    NDManager manager() {
        return manager;
    }

    /** Writes {@code recognizer.json} and {@code recognizer.weights} into {@code directory}. */
    public void save(Path directory) throws IOException {
        List<RecognizerHeader.ParameterEntry> entries = new ArrayList<>();
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            entries.add(new RecognizerHeader.ParameterEntry(p.getKey(), p.getValue().getArray().getShape().getShape()));
            count += p.getValue().getArray().size();
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (Pair<String, Parameter> p : block.getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                buffer.putFloat(v);
            }
        }
        byte[] weights = buffer.array();
        RecognizerHeader saved = new RecognizerHeader(RecognizerHeader.FORMAT_VERSION, RecognizerHeader.KIND,
                header.config(), header.characterSet(), header.melConfig(), header.features(),
                header.normalizerSha256(), entries, Sha256.of(weights), header.training(), header.versions());
        Files.createDirectories(directory);
        AtomicFiles.write(directory.resolve(WEIGHTS_FILE), weights);
        Json.write(directory.resolve(HEADER_FILE), saved);
    }

    /**
     * Loads a recognizer saved by {@link #save}. Refuses a header of another kind or version, weights
     * whose SHA-256 differs from the header's, and tensors whose names or shapes the network lacks.
     */
    public static CtcRecognizer load(Path directory) throws FidelException {
        Path headerFile = directory.resolve(HEADER_FILE);
        Path weightsFile = directory.resolve(WEIGHTS_FILE);
        RecognizerHeader header;
        byte[] weights;
        try {
            header = Json.read(headerFile, RecognizerHeader.class);
            weights = BoundedFiles.bytes(weightsFile, BoundedFiles.Kind.WEIGHTS, "recognizerDirectory");
        } catch (IOException e) {
            throw new FidelException("cannot read the recognizer in " + directory + ": " + e.getMessage(), "recognizer", e);
        }
        if (!RecognizerHeader.KIND.equals(header.kind()) || header.formatVersion() != RecognizerHeader.FORMAT_VERSION) {
            throw new FidelException(headerFile + ": kind " + header.kind() + " version " + header.formatVersion()
                    + ", expected " + RecognizerHeader.KIND + " version " + RecognizerHeader.FORMAT_VERSION, "recognizer", null);
        }
        String sha = Sha256.of(weights);
        if (!sha.equals(header.weightsSha256())) {
            throw new FidelException(weightsFile + ": SHA-256 " + sha + " differs from " + header.weightsSha256()
                    + " in " + headerFile + " (corrupt or mismatched files)", "recognizer", null);
        }
        checkSizes(header, weights.length, headerFile, weightsFile);
        NDManager manager = TorchEngine.newManager();
        try {
            Block block = newNetwork(manager, header.config(), header.characterSet(), header.melConfig().mels(), 0);
            ByteBuffer buffer = ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN);
            List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
            if (params.size() != header.parameters().size()) {
                throw new FidelException(headerFile + ": " + header.parameters().size() + " tensors, the network has " + params.size(), "recognizer", null);
            }
            for (int i = 0; i < params.size(); i++) {
                RecognizerHeader.ParameterEntry entry = header.parameters().get(i);
                NDArray array = params.get(i).getValue().getArray();
                if (!entry.name().equals(params.get(i).getKey()) || !Arrays.equals(entry.shape(), array.getShape().getShape())) {
                    throw new FidelException(headerFile + ": tensor " + i + " is " + entry.name() + " " + Arrays.toString(entry.shape())
                            + ", the network has " + params.get(i).getKey() + " " + array.getShape(), "recognizer", null);
                }
                float[] values = new float[Math.toIntExact(array.size())];
                buffer.asFloatBuffer().get(values);
                buffer.position(buffer.position() + values.length * 4);
                array.set(values);
            }
            if (buffer.hasRemaining()) {
                throw new FidelException(weightsFile + ": " + buffer.remaining() + " bytes more than the header lists", "recognizer", null);
            }
            return new CtcRecognizer(manager, block, header);
        } catch (FidelException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Upper bounds of a saved recognizer's sizes: far beyond any real one, they keep a crafted header from allocating. */
    private static final int MAX_CHANNELS = 4096;
    private static final int MAX_KERNEL = 63;
    private static final int MAX_GRU_SIZE = 4096;
    private static final int MAX_GRU_LAYERS = 16;
    private static final int MAX_CLASSES = 1 << 16;

    /**
     * The sizes {@code recognizer.json} gives, against the bytes {@code recognizer.weights} really holds, before any
     * network is built: each bounded, the tensors it lists (in long arithmetic) exactly the weights' floats, and the
     * parameters its configuration implies exactly those.
     */
    private static void checkSizes(RecognizerHeader header, long weightBytes, Path headerFile, Path weightsFile) throws FidelException {
        CtcRecognizerConfig config = header.config();
        if (config == null || header.characterSet() == null || header.melConfig() == null || header.features() == null
                || header.features().mean() == null || header.features().std() == null || header.parameters() == null) {
            throw refuse(headerFile + " lacks config, characterSet, melConfig, features or parameters: it is damaged or not a recognizer");
        }
        bounded(headerFile, "config.convChannels", config.convChannels(), MAX_CHANNELS);
        bounded(headerFile, "config.kernel", config.kernel(), MAX_KERNEL);
        bounded(headerFile, "config.gruSize", config.gruSize(), MAX_GRU_SIZE);
        bounded(headerFile, "config.gruLayers", config.gruLayers(), MAX_GRU_LAYERS);
        bounded(headerFile, "characterSet (classes)", header.characterSet().size(), MAX_CLASSES);
        int mels = header.melConfig().mels();
        if (header.features().mean().length != mels || header.features().std().length != mels) {
            throw refuse(headerFile + ": features has " + header.features().mean().length + " means and " + header.features().std().length
                    + " deviations for melConfig.mels " + mels + ": it is damaged");
        }
        long listed = 0;
        for (RecognizerHeader.ParameterEntry entry : header.parameters()) {
            try {
                listed = Math.addExact(listed, elementCount(entry.shape()));
            } catch (ArithmeticException e) {
                throw refuse(headerFile + ": tensor " + entry.name() + " has the shape " + Arrays.toString(entry.shape())
                        + ", which is not a list of dimensions a file can hold: it is damaged");
            }
        }
        long held = weightBytes / 4;
        long expected = CtcNetwork.parameterCount(config, header.characterSet().size(), mels);   // no overflow within the bounds
        if (weightBytes % 4 != 0 || listed != held || expected != held) {
            throw refuse(String.format(java.util.Locale.ROOT, "%s describes a network of %,d weights (%s, %d classes, %d mels) and"
                    + " lists tensors of %,d weights, but %s holds %,d (%s): the files are damaged or do not belong together",
                    headerFile, expected, config, header.characterSet().size(), mels, listed, weightsFile, held, ByteSize.of(weightBytes)));
        }
    }

    /** The number of values of a tensor of {@code shape}; an ArithmeticException when there is none or it overflows. */
    private static long elementCount(long[] shape) {
        if (shape == null) {
            throw new ArithmeticException("no shape");
        }
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new ArithmeticException("negative dimension");
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    private static void bounded(Path headerFile, String field, int value, int max) throws FidelException {
        if (value < 1 || value > max) {
            throw refuse(headerFile + " gives " + field + " " + value + ", outside 1.." + max + ": it is damaged or not a recognizer");
        }
    }

    private static FidelException refuse(String message) {
        return new FidelException(message, "recognizer", null);
    }

    @Override
    public void close() {
        manager.close();
    }
}
