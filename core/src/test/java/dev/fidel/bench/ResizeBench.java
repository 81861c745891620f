package dev.fidel.bench;

import dev.fidel.checkpoint.Tensor.DType;
import dev.fidel.event.EventSink;
import dev.fidel.peer.CheckpointResize;
import dev.fidel.peer.PeerTokenizer;
import dev.fidel.peer.PthWriter;
import dev.fidel.peer.ResizeRecord;
import dev.fidel.peer.TorchCheckpoint;
import dev.fidel.text.NormalizerProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * resize-checkpoint on a synthetic full-size XTTS v2 GPT (model dimension 1024, 30 GPT-2 layers, 6,681 text
 * rows; about 1.6 GB of float32 written with {@link PthWriter}), resized to 6,681 + 1,500 rows in a child JVM
 * with {@code -Xmx1g}: prints the resize time and the child's peak heap.
 *
 * <pre>scripts/bench ResizeBench [WORK_DIR]</pre>
 */
public final class ResizeBench {

    static final int DIM = 1024;
    static final int LAYERS = 30;
    static final int BASE_ROWS = 6681;
    static final int NEW_TOKENS = 1500;

    private ResizeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]));
            return;
        }
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("fidel-resize-bench");
        Path model = dir.resolve("model.pth");
        long t0 = System.nanoTime();
        writeSynthetic(model);
        System.out.printf("synthetic XTTS v2 GPT: %,d bytes written in %.1f s%n", Files.size(model), (System.nanoTime() - t0) / 1e9);
        Files.writeString(dir.resolve("config.json"), "{\"languages\": [\"en\"], \"model_args\": {\"gpt_number_text_tokens\": "
                + BASE_ROWS + "}}");
        Files.writeString(dir.resolve("base-vocab.json"), "base");
        Files.writeString(dir.resolve("vocab.json"), "extended");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), ResizeBench.class.getName(), "--child",
                dir.toString()).inheritIO().start();
        if (!p.waitFor(3600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the -Xmx1g child failed (exit " + p.exitValue() + ")");
        }
    }

    private static void child(Path dir) throws Exception {
        PeerTokenizer base = tokenizer(dir.resolve("base-vocab.json"), BASE_ROWS);
        PeerTokenizer extended = tokenizer(dir.resolve("vocab.json"), BASE_ROWS + NEW_TOKENS);
        Map<Path, PeerTokenizer> byFile = new HashMap<>(Map.of(base.file(), base, extended.file(), extended));
        long t0 = System.nanoTime();
        CheckpointResize.Outcome outcome = new CheckpointResize(EventSink.NONE, byFile::get).run(new CheckpointResize.Request(
                dir.resolve("model.pth"), base.file(), extended.file(), dir.resolve("config.json"), dir.resolve("out"),
                NormalizerProfile.amharic(), true));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        ResizeRecord.Rows rows = outcome.record().rows();
        System.out.printf("resize-checkpoint, -Xmx%d MiB: %.1f s (hash inputs, read, write model.pth and model.safetensors of %,d + %,d"
                + " bytes); peak heap %d MiB (sum of pool peaks); rows %d -> %d (copied %d, composed %d, romanized %d, random %d)%n",
                Runtime.getRuntime().maxMemory() >> 20, seconds, Files.size(dir.resolve("out/model.pth")),
                Files.size(dir.resolve("out/model.safetensors")), peak >> 20, rows.before(), rows.after(), rows.copied(), rows.composed(),
                rows.romanized(), rows.random());
    }

    /** The state dict of XTTS v2's GPT at full size (names as Coqui's, under 'model'). */
    static void writeSynthetic(Path file) throws Exception {
        List<PthWriter.Entry> entries = new ArrayList<>();
        entries.add(new PthWriter.Entry("gpt.text_embedding.weight", DType.F32, new long[] {BASE_ROWS, DIM}));
        entries.add(new PthWriter.Entry("gpt.mel_embedding.weight", DType.F32, new long[] {1026, DIM}));
        entries.add(new PthWriter.Entry("gpt.mel_pos_embedding.emb.weight", DType.F32, new long[] {608, DIM}));
        entries.add(new PthWriter.Entry("gpt.text_pos_embedding.emb.weight", DType.F32, new long[] {404, DIM}));
        for (int l = 0; l < LAYERS; l++) {
            String h = "gpt.gpt.h." + l + ".";
            entries.add(new PthWriter.Entry(h + "ln_1.weight", DType.F32, new long[] {DIM}));
            entries.add(new PthWriter.Entry(h + "ln_1.bias", DType.F32, new long[] {DIM}));
            entries.add(new PthWriter.Entry(h + "attn.c_attn.weight", DType.F32, new long[] {DIM, 3 * DIM}));
            entries.add(new PthWriter.Entry(h + "attn.c_attn.bias", DType.F32, new long[] {3 * DIM}));
            entries.add(new PthWriter.Entry(h + "attn.c_proj.weight", DType.F32, new long[] {DIM, DIM}));
            entries.add(new PthWriter.Entry(h + "attn.c_proj.bias", DType.F32, new long[] {DIM}));
            entries.add(new PthWriter.Entry(h + "ln_2.weight", DType.F32, new long[] {DIM}));
            entries.add(new PthWriter.Entry(h + "ln_2.bias", DType.F32, new long[] {DIM}));
            entries.add(new PthWriter.Entry(h + "mlp.c_fc.weight", DType.F32, new long[] {DIM, 4 * DIM}));
            entries.add(new PthWriter.Entry(h + "mlp.c_fc.bias", DType.F32, new long[] {4 * DIM}));
            entries.add(new PthWriter.Entry(h + "mlp.c_proj.weight", DType.F32, new long[] {4 * DIM, DIM}));
            entries.add(new PthWriter.Entry(h + "mlp.c_proj.bias", DType.F32, new long[] {DIM}));
        }
        entries.add(new PthWriter.Entry("gpt.final_norm.weight", DType.F32, new long[] {DIM}));
        entries.add(new PthWriter.Entry("gpt.final_norm.bias", DType.F32, new long[] {DIM}));
        entries.add(new PthWriter.Entry("gpt.text_head.weight", DType.F32, new long[] {BASE_ROWS, DIM}));
        entries.add(new PthWriter.Entry("gpt.text_head.bias", DType.F32, new long[] {BASE_ROWS}));
        entries.add(new PthWriter.Entry("gpt.mel_head.weight", DType.F32, new long[] {1026, DIM}));
        entries.add(new PthWriter.Entry("gpt.mel_head.bias", DType.F32, new long[] {1026}));
        Random random = new Random(1);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < chunk.capacity() / 4; i++) {
            chunk.putFloat((float) (random.nextGaussian() * 0.02));
        }
        PthWriter.write(file, TorchCheckpoint.Layout.MODEL_KEY, entries, (i, out) -> {
            long left = 4;
            for (long d : entries.get(i).shape()) {
                left *= d;
            }
            while (left > 0) {
                ByteBuffer b = chunk.duplicate().clear().limit((int) Math.min(left, chunk.capacity()));
                while (b.hasRemaining()) {
                    left -= out.write(b);
                }
            }
        });
    }

    /**
     * A stand-in XTTS tokenizer: specials 0-2, the letters a-z, then numbered pieces; an extension appends
     * Ethiopic syllables (single and pairs), which the base knows nothing of.
     */
    static PeerTokenizer tokenizer(Path file, int rows) {
        List<String> tokens = new ArrayList<>(List.of("[STOP]", "[UNK]", "[SPACE]"));
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(String.valueOf(c));
        }
        while (tokens.size() < BASE_ROWS) {
            tokens.add("w" + tokens.size());
        }
        for (int i = 0; tokens.size() < rows; i++) {
            int a = 0x1200 + i % 0x158;
            tokens.add(i < 0x158 ? Character.toString(a) : Character.toString(a) + Character.toString(0x1200 + (i * 7) % 0x158));
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.putIfAbsent(tokens.get(i), i);
        }
        return new PeerTokenizer() {
            public Format format() {
                return Format.XTTS_VOCAB_JSON;
            }

            public Path file() {
                return file;
            }

            public int rows() {
                return rows;
            }

            public Optional<String> token(int id) {
                return id >= 0 && id < rows ? Optional.of(tokens.get(id)) : Optional.empty();
            }

            public OptionalInt id(String token) {
                Integer id = ids.get(token);
                return id == null || id >= rows ? OptionalInt.empty() : OptionalInt.of(id);
            }

            public int[] encode(String text) {
                return text.codePoints().map(c -> {
                    Integer id = ids.get(Character.toString(c));
                    return id == null || id >= BASE_ROWS ? 1 : id;
                }).toArray();
            }

            public boolean isSpecial(int id) {
                return id < 3;
            }
        };
    }
}
