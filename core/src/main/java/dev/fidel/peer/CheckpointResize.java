package dev.fidel.peer;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.event.EventSink;
import dev.fidel.peer.TextRows.How;
import dev.fidel.peer.TorchCheckpoint.TorchTensor;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * resize-checkpoint: grows a peer model's text rows (the text embedding and the text head, weight and bias)
 * from its base tokenizer to the extended one, by token string ({@link TextRows}), and writes a complete model
 * folder in the peer's own layout: the checkpoint ({@code model.pth} / {@code gpt.pth}, loadable with
 * {@code torch.load(weights_only=True)}), its {@code .safetensors} twin, the extended tokenizer, the config with
 * the new token count, and {@link ResizeRecord resize.json}. The base checkpoint is read without executing it
 * ({@link TorchCheckpoint}) and streamed: memory holds the text tensors, never the file.
 */
public final class CheckpointResize {

    public static final String GOAL = "resize-checkpoint";
    /** The seed of the random rows: fixed, so the same inputs give the same bytes. */
    public static final long SEED = 20_260_601L;

    /** Reads a peer tokenizer file ({@link PeerTokenizers#read} in use; a stand-in in tests). */
    @FunctionalInterface
    public interface TokenizerReader {
        PeerTokenizer read(Path file) throws IOException;
    }

    /** Everything resize-checkpoint needs; the settings are named as the POM elements. */
    public record Request(Path baseCheckpoint, Path baseTokenizer, Path tokenizer, Path baseConfig, Path outputDirectory,
            NormalizerProfile profile, boolean force) {
    }

    public record Outcome(ResizeRecord record, boolean upToDate) {
    }

    private final EventSink events;
    private final TokenizerReader reader;

    public CheckpointResize(EventSink events) {
        this(events, PeerTokenizers::read);
    }

    public CheckpointResize(EventSink events, TokenizerReader reader) {
        this.events = events;
        this.reader = reader;
    }

    public Outcome run(Request given) throws FidelException {
        Request request = withTokenizerFile(given);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("baseCheckpoint", request.baseCheckpoint());
        inputs.put("baseTokenizer", request.baseTokenizer());
        inputs.put("tokenizer", request.tokenizer());
        inputs.put(PeerConfig.SETTING, request.baseConfig());
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            if (input.getValue() == null || !Files.isRegularFile(input.getValue())) {
                throw new FidelException("<" + input.getKey() + "> " + input.getValue() + " is not a file", input.getKey(), null);
            }
        }
        OutputPlacement.refuseOverlap(request.outputDirectory(), "outputDirectory", inputs);
        PeerTokenizer base = tokenizer(request.baseTokenizer(), "baseTokenizer");
        PeerTokenizer extended = tokenizer(request.tokenizer(), "tokenizer");
        if (base.format() != extended.format()) {
            throw new FidelException("<tokenizer> " + request.tokenizer() + " is a " + extended.format() + " but <baseTokenizer> "
                    + request.baseTokenizer() + " is a " + base.format() + ": give the base tokenizer and its extension", "tokenizer", null);
        }
        checkExtension(request);
        PeerModel peer = PeerModel.of(base.format());
        PeerConfig config = PeerConfig.read(peer, request.baseConfig());
        Path out = request.outputDirectory();
        String stem = config.checkpointName().replaceFirst("\\.[^.]*$", "");
        List<String> names = List.of(config.checkpointName(), stem + ".safetensors", config.tokenizerName(), peer.configName(),
                ResizeRecord.FILE_NAME, Fingerprint.FILE_NAME);
        try {
            Map<String, String> hashes = new TreeMap<>();
            hashes.put("checkpoint", Sha256.of(request.baseCheckpoint()));
            hashes.put("tokenizer", Sha256.of(request.baseTokenizer()));
            hashes.put("config", Sha256.of(request.baseConfig()));
            String identity = Sha256.of(request.tokenizer());
            Romanization romanization = Romanization.builtIn();
            Fingerprint fingerprint = new Fingerprint(GOAL).with("base", hashes).with("tokenizer", identity)
                    .with("normalizer", request.profile().sha256()).with("romanization", romanization.version()).with("seed", SEED);
            String stale = fingerprint.staleReason(out);
            if (stale == null && !request.force() && names.stream().allMatch(n -> Files.isRegularFile(out.resolve(n)))) {
                ResizeRecord record = ResizeRecord.read(out, "outputDirectory");
                events.info("Resized checkpoint " + out + " is up to date (" + record.rows().before() + " -> " + record.rows().after()
                        + " text rows): skipped");
                return new Outcome(record, true);
            }
            events.info("Resizing " + peer.title() + " checkpoint " + request.baseCheckpoint() + ": "
                    + (request.force() ? "forced" : stale));
            try (TorchCheckpoint checkpoint = TorchCheckpoint.open(request.baseCheckpoint())) {
                Resized resized = resize(peer, checkpoint, config, base, extended, romanization, request);
                OwnedFolder owned = OwnedFolder.take(out, GOAL, "outputDirectory", names::contains, names);
                owned.discard(Fingerprint.FILE_NAME);
                owned.discard(ResizeRecord.FILE_NAME);
                write(owned, config.checkpointName(), file -> PthWriter.write(file, checkpoint.layout(), resized.entries,
                        (i, channel) -> resized.source(checkpoint, i, channel)));
                write(owned, stem + ".safetensors", file -> SafeTensors.write(file, resized.streamed(checkpoint),
                        Map.of("format", "pt", "fidel.tokenizer", identity, "fidel.normalizer", request.profile().sha256())));
                write(owned, config.tokenizerName(), file -> Files.copy(request.tokenizer(), file));
                byte[] newConfig = config.withTextTokens(peer == PeerModel.XTTS_V2 ? resized.rows.rows() : extended.rows());
                write(owned, peer.configName(), file -> Files.write(file, newConfig));
                ResizeRecord record = new ResizeRecord(ResizeRecord.FORMAT_VERSION, peer.name(), config.checkpointName(),
                        stem + ".safetensors", config.tokenizerName(), peer.configName(), hashes, identity, request.profile().sha256(),
                        request.profile().name(), romanization.version(), SEED, rowCounts(resized.rows), resized.shapes(),
                        resized.rows.randomTokens(), checkpoint.dropped());
                AtomicFiles.writeString(out.resolve(ResizeRecord.FILE_NAME), Json.write(record));
                fingerprint.record(out);
                for (String dropped : checkpoint.dropped()) {
                    events.info("  dropped from the base checkpoint: " + dropped);
                }
                ResizeRecord.Rows r = record.rows();
                events.info("Resized " + r.before() + " -> " + r.after() + " text rows (copied " + r.copied() + ", composed " + r.composed()
                        + ", romanized " + r.romanized() + ", random " + r.random() + (r.spare() > 0 ? ", spare row kept last" : "")
                        + ") into " + out);
                return new Outcome(record, false);
            }
        } catch (IOException e) {
            throw new FidelException("<outputDirectory> " + out + ": cannot write the resized checkpoint: " + e.getMessage(),
                    "outputDirectory", e);
        }
    }

    /** {@code <tokenizer>} as a file: a folder (train-vocab's output) names the file of {@code <baseTokenizer>}'s name in it. */
    private static Request withTokenizerFile(Request r) {
        if (r.tokenizer() == null || !Files.isDirectory(r.tokenizer()) || r.baseTokenizer() == null) {
            return r;
        }
        return new Request(r.baseCheckpoint(), r.baseTokenizer(), r.tokenizer().resolve(r.baseTokenizer().getFileName().toString()),
                r.baseConfig(), r.outputDirectory(), r.profile(), r.force());
    }

    /**
     * Where train-vocab's {@code extension.json} lies beside {@code <tokenizer>}: the tokenizer must be the one it
     * wrote, extended from {@code <baseTokenizer>}, with the normalizer profile configured here.
     */
    private static void checkExtension(Request request) throws FidelException {
        Path infoFile = request.tokenizer().resolveSibling(TokenizerExtensionInfo.FILE_NAME);
        if (!Files.isRegularFile(infoFile)) {
            return;
        }
        TokenizerExtensionInfo info;
        try {
            info = Json.read(infoFile, TokenizerExtensionInfo.class);
        } catch (IOException e) {
            throw new FidelException("<tokenizer> " + infoFile + " cannot be read: " + e.getMessage(), "tokenizer", e);
        }
        String extended = Sha256.ofUnchecked(request.tokenizer());
        String base = Sha256.ofUnchecked(request.baseTokenizer());
        if (info.file() != null && info.file().equals(request.tokenizer().getFileName().toString()) && !extended.equals(info.sha256())) {
            throw new FidelException("<tokenizer> " + request.tokenizer() + " is " + extended + ", not the " + info.sha256() + " that "
                    + infoFile + " records: it changed after train-vocab wrote it", "tokenizer", null);
        }
        if (!base.equals(info.baseSha256())) {
            throw new FidelException("<tokenizer> " + request.tokenizer() + " was extended from the base " + info.baseSha256() + " ("
                    + infoFile + "), but <baseTokenizer> " + request.baseTokenizer() + " is " + base + ": give the base it was extended from",
                    "baseTokenizer", null);
        }
        if (info.normalizerProfileSha256() != null && !info.normalizerProfileSha256().equals(request.profile().sha256())) {
            throw new FidelException("<tokenizer> " + request.tokenizer() + " was extended on text normalized with the profile "
                    + info.normalizerProfileSha256() + ", but this build's profile is " + request.profile().sha256() + " (\""
                    + request.profile().name() + "\"): use the same <normalizerProfile> for every goal", "normalizerProfile", null);
        }
    }

    private PeerTokenizer tokenizer(Path file, String setting) throws FidelException {
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new FidelException("<" + setting + "> " + e.getMessage(), setting, e);
        }
    }

    /** The resized text tensors and the list of every tensor to write. */
    private static final class Resized {
        final TextRows rows;
        final List<PthWriter.Entry> entries = new ArrayList<>();
        final List<TorchTensor> sources = new ArrayList<>();
        final Map<Integer, byte[]> replaced = new LinkedHashMap<>();

        Resized(TextRows rows) {
            this.rows = rows;
        }

        void source(TorchCheckpoint checkpoint, int index, WritableByteChannel channel) throws IOException {
            byte[] bytes = replaced.get(index);
            if (bytes == null) {
                checkpoint.copyTo(sources.get(index), channel);
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        java.util.SortedMap<String, SafeTensors.Streamed> streamed(TorchCheckpoint checkpoint) {
            java.util.SortedMap<String, SafeTensors.Streamed> map = new TreeMap<>();
            for (int i = 0; i < entries.size(); i++) {
                int index = i;
                PthWriter.Entry e = entries.get(i);
                map.put(e.name(), new SafeTensors.Streamed(e.dtype(), e.shape(), channel -> source(checkpoint, index, channel)));
            }
            return map;
        }

        Map<String, List<Long>> shapes() {
            Map<String, List<Long>> shapes = new TreeMap<>();
            for (int index : replaced.keySet()) {
                shapes.put(entries.get(index).name(), Arrays.stream(entries.get(index).shape()).boxed().toList());
            }
            return shapes;
        }
    }

    private static Resized resize(PeerModel peer, TorchCheckpoint checkpoint, PeerConfig config, PeerTokenizer base,
            PeerTokenizer extended, Romanization romanization, Request request) throws FidelException, IOException {
        Path file = request.baseCheckpoint();
        TorchTensor embedding = find(checkpoint, PeerModel.EMBEDDING, true);
        TorchTensor head = find(checkpoint, PeerModel.HEAD, true);
        TorchTensor bias = find(checkpoint, PeerModel.HEAD_BIAS, false);
        int baseRows = peer.textRows(base);
        for (TorchTensor t : Arrays.asList(embedding, head, bias)) {
            if (t == null) {
                continue;
            }
            if (!RowCodec.supports(t.dtype()) || t.shape().length != (t == bias ? 1 : 2)) {
                throw new FidelException("<baseCheckpoint> " + file + ": " + t + " is not a float " + (t == bias ? "vector" : "matrix"),
                        "baseCheckpoint", null);
            }
            if (t.shape()[0] != baseRows) {
                throw new FidelException("<baseCheckpoint> " + file + " has " + t.shape()[0] + " text rows in " + t.name() + ", but <baseTokenizer> "
                        + request.baseTokenizer() + " makes " + peer.title() + " hold " + baseRows + " (" + base.rows() + " tokens"
                        + (peer.spareRows() > 0 ? " + " + peer.spareRows() + " spare" : "") + "): the checkpoint and tokenizer are not a"
                        + " pair. Give the tokenizer the checkpoint was trained with", "baseTokenizer", null);
            }
        }
        int configured = peer == PeerModel.XTTS_V2 ? baseRows : base.rows();
        if (config.textTokens() != configured) {
            throw new FidelException("<" + PeerConfig.SETTING + "> " + config.file() + " declares " + config.textTokens()
                    + " text tokens, but the checkpoint and <baseTokenizer> give " + configured + ": the config is not theirs",
                    PeerConfig.SETTING, null);
        }
        for (int id = 0; id < base.rows(); id++) {
            Optional<String> was = base.token(id);
            Optional<String> now = extended.token(id);
            if (!was.equals(now)) {
                throw new FidelException("<tokenizer> " + request.tokenizer() + " has " + now.map(s -> "'" + s + "'").orElse("no token")
                        + " at id " + id + " where <baseTokenizer> has " + was.map(s -> "'" + s + "'").orElse("none")
                        + ": base rows keep their ids, so the extended tokenizer must keep every base id (train-vocab with"
                        + " <baseTokenizer> extends append-only)", "tokenizer", null);
            }
        }
        TextRows rows = TextRows.plan(peer, base, extended, romanization);
        Resized resized = new Resized(rows);
        for (TorchTensor t : checkpoint.tensors().values()) {
            checkpoint.requireReadable(t);
            int index = resized.entries.size();
            resized.sources.add(t);
            if (t == embedding || t == head || t == bias) {
                long[] shape = t.shape().clone();
                shape[0] = rows.rows();
                int width = t == bias ? 1 : Math.toIntExact(t.shape()[1]);
                resized.replaced.put(index, rows.resize(checkpoint.read(t), t.dtype(), width, t.name(), SEED));
                resized.entries.add(new PthWriter.Entry(t.name(), t.dtype(), shape));
            } else {
                resized.entries.add(new PthWriter.Entry(t.name(), t.dtype(), t.shape()));
            }
        }
        return resized;
    }

    private static TorchTensor find(TorchCheckpoint checkpoint, String suffix, boolean required) throws FidelException {
        List<TorchTensor> found = checkpoint.tensors().values().stream()
                .filter(t -> t.name().equals(suffix) || t.name().endsWith("." + suffix)).toList();
        if (found.size() > 1 || found.isEmpty() && required) {
            throw new FidelException("<baseCheckpoint> " + checkpoint.file() + " has " + found.size() + " tensors named *" + suffix
                    + (found.isEmpty() ? "" : " (" + found + ")") + ", not one: is it an XTTS v2 or IndexTTS2 GPT checkpoint?",
                    "baseCheckpoint", null);
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static ResizeRecord.Rows rowCounts(TextRows rows) {
        return new ResizeRecord.Rows(rows.baseRows(), rows.rows(), rows.count(How.COPIED), rows.count(How.COMPOSED),
                rows.count(How.ROMANIZED), rows.count(How.RANDOM), rows.count(How.SPARE));
    }

    @FunctionalInterface
    private interface FileWrite {
        void write(Path file) throws IOException, FidelException;
    }

    /** Writes {@code name} through a scratch name beside it, so the name never holds a half-written file. */
    private static void write(OwnedFolder owned, String name, FileWrite writer) throws IOException, FidelException {
        String partial = "." + name + ".partial";
        Path target = owned.claim(name);
        Path scratch = owned.claim(partial);
        Files.deleteIfExists(scratch);
        writer.write(scratch);
        AtomicFiles.move(scratch, target);
        owned.moved(partial, name);
    }
}
