package dev.fidel.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.FidelException;
import dev.fidel.checkpoint.Tensor.DType;
import dev.fidel.peer.TorchCheckpoint.Layout;
import dev.fidel.peer.TorchCheckpoint.TorchTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading torch checkpoints as data: what torch writes is read, what a hostile file holds is refused by name and never run. */
class TorchCheckpointTest {

    @TempDir
    Path dir;

    // --- hostile pickles: each refused with its global or opcode named; the payload never runs

    @Test
    void osSystemIsRefusedByNameAndNeverRuns() throws Exception {
        assertHostileGlobal("os", "system");
    }

    @Test
    void builtinsEvalIsRefusedByNameAndNeverRuns() throws Exception {
        assertHostileGlobal("builtins", "eval");
    }

    @Test
    void posixSystemIsRefusedByNameAndNeverRuns() throws Exception {
        assertHostileGlobal("posix", "system");
    }

    @Test
    void aHostileCallableReachedByReduceInsideTheConfigIsRefusedByName() throws Exception {
        Path marker = dir.resolve("pwned");
        Pickle p = new Pickle().proto().emptyDict().mark()
                .unicode("config").global("subprocess", "Popen").unicode("touch " + marker).tuple1().reduce()
                .unicode("model").orderedDict().setItems().stop();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(p.bytes(), Map.of())));
        assertTrue(e.getMessage().contains("GLOBAL subprocess.Popen"), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void anUnknownClassReachedByReduceIsAnInertPlaceholderThatIsDroppedAndReported() throws Exception {
        Pickle p = new Pickle().proto().emptyDict().mark()
                .unicode("config").global("TTS.tts.configs.xtts_config", "XttsConfig").emptyTuple().newobj()
                .emptyDict().unicode("temperature").binfloat(0.75).setItem().build()
                .unicode("model").orderedDict().mark().unicode("w");
        p.tensor("FloatStorage", "0", 4, new long[] {2, 2}).setItems().setItems().stop();
        Path file = checkpoint(p.bytes(), Map.of("0", floats(1, 2, 3, 4)));
        try (TorchCheckpoint c = TorchCheckpoint.open(file)) {
            assertEquals(Layout.MODEL_KEY, c.layout());
            assertEquals(List.of("w"), List.copyOf(c.tensors().keySet()));
            assertEquals(1, c.dropped().size());
            assertTrue(c.dropped().get(0).contains("TTS.tts.configs.xtts_config.XttsConfig"), c.dropped().toString());
            assertArrayEquals(floats(1, 2, 3, 4), c.read(c.tensors().get("w")));
        }
    }

    @Test
    void aWeightBuiltByANonAllowlistedCallableIsRefused() throws Exception {
        Pickle p = new Pickle().proto().orderedDict().mark().unicode("a");
        p.tensor("FloatStorage", "0", 1, new long[] {1}).unicode("b").global("mylib.tricks", "make_weight").emptyTuple().reduce()
                .setItems().stop();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(p.bytes(), Map.of("0", floats(1)))));
        assertTrue(e.getMessage().contains("weight b is built by GLOBAL mylib.tricks.make_weight"), e.getMessage());
    }

    @Test
    void anOpcodeTorchDoesNotAcceptIsRefusedByName() throws Exception {
        byte[] inst = "\u0080\u0002(ios\nsystem\nX\u0002\u0000\u0000\u0000ls.".getBytes(StandardCharsets.ISO_8859_1);
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(inst, Map.of())));
        assertTrue(e.getMessage().contains("opcode INST"), e.getMessage());
    }

    // --- bounds

    @Test
    void aStorageClaimingMoreThanItsEntryIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Pickle p = new Pickle().proto().orderedDict().mark().unicode("w");
        p.tensor("FloatStorage", "0", 1L << 40, new long[] {1L << 20, 1L << 20}).setItems().stop();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(p.bytes(), Map.of("0", floats(1)))));
        assertTrue(e.getMessage().contains("storage 0 claims 1099511627776 F32 elements"), e.getMessage());
    }

    @Test
    void aTensorReachingPastItsStorageIsRefused() throws Exception {
        Pickle p = new Pickle().proto().orderedDict().mark().unicode("w");
        p.tensor("FloatStorage", "0", 4, new long[] {3, 3}).setItems().stop();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(p.bytes(), Map.of("0", floats(1, 2, 3, 4)))));
        assertTrue(e.getMessage().contains("reaches past the 4 elements of storage 0"), e.getMessage());
    }

    @Test
    void aPickleOfMillionsOfValuesIsRefusedNotAnOutOfMemoryError() throws Exception {
        Pickle p = new Pickle().proto().emptyList();
        for (int i = 0; i < 3_000_000; i++) {
            p.emptyDict().op('a'); // 3 million dicts appended to one list
        }
        p.stop();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(p.bytes(), Map.of())));
        assertTrue(e.getMessage().contains("more than 2000000 values"), e.getMessage());
    }

    @Test
    void aCyclicValueIsWalkedOnceAndAListAsADictKeyIsRefused() throws Exception {
        // a list that holds itself twice, under "config": reported, and the walk ends
        Pickle cyclic = new Pickle().proto().emptyDict().mark().unicode("config").emptyList().op('q', 0).op('h', 0).op('a').op('h', 0)
                .op('a').unicode("model").orderedDict().mark().unicode("w");
        cyclic.tensor("FloatStorage", "0", 1, new long[] {1}).setItems().setItems().stop();
        try (TorchCheckpoint c = TorchCheckpoint.open(checkpoint(cyclic.bytes(), Map.of("0", floats(1))))) {
            assertEquals(List.of("config"), c.dropped());
        }
        Pickle key = new Pickle().proto().emptyDict().emptyList().op('q', 0).op('h', 0).op('a').op('h', 0).unicode("v").setItem().stop();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(key.bytes(), Map.of())));
        assertTrue(e.getMessage().contains("unhashable ArrayList"), e.getMessage());
    }

    @Test
    void aZipBombIsRefusedWithoutInflatingIt() throws Exception {
        Path bomb = dir.resolve("bomb.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 512; i++) {
                zip.write(zeros); // 512 MiB that deflate to about half a megabyte
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 2_000_000);
        long before = usedHeap();
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(bomb));
        assertTrue(e.getMessage().contains("archive/data.pkl is compressed") && e.getMessage().contains("never inflated"), e.getMessage());
        assertTrue(usedHeap() - before < 256L << 20, "the bomb was not inflated");
    }

    @Test
    void aTruncatedArchiveIsRefused() throws Exception {
        Path whole = writeSmall(Layout.STATE_DICT);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aPickleEndingWithoutStopIsRefused() throws Exception {
        Pickle p = new Pickle().proto().orderedDict().mark().unicode("w");
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(checkpoint(p.bytes(), Map.of())));
        assertTrue(e.getMessage().contains("without STOP"), e.getMessage());
    }

    @Test
    void aLegacyFileIsRefusedWithTheWayOut() throws Exception {
        Path legacy = dir.resolve("legacy.pth");
        Files.write(legacy, new Pickle().proto().emptyDict().stop().bytes());
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(legacy));
        assertTrue(e.getMessage().contains("not a zip archive") && e.getMessage().contains("torch 1.6"), e.getMessage());
    }

    // --- the writer, read back here and by torch

    @Test
    void whatTheWriterWritesReadsBackByteForByteWithStoragesAlignedTo64() throws Exception {
        Path file = writeSmall(Layout.MODEL_KEY);
        try (TorchCheckpoint c = TorchCheckpoint.open(file)) {
            assertEquals(Layout.MODEL_KEY, c.layout());
            assertEquals(List.of("a.weight", "b.bias", "c.half"), List.copyOf(c.tensors().keySet()));
            assertArrayEquals(floats(1, 2, 3, 4, 5, 6), c.read(c.tensors().get("a.weight")));
            assertArrayEquals(new long[] {2, 3}, c.tensors().get("a.weight").shape());
            for (TorchTensor t : c.tensors().values()) {
                assertEquals(0, t.dataStart() % 64, t + " is aligned as torch aligns storages");
            }
        }
    }

    @Test
    void torchLoadsWhatTheWriterWritesWithWeightsOnly() throws Exception {
        PythonTorch.python();
        Path file = writeSmall(Layout.MODEL_KEY);
        JsonNode loaded = PythonTorch.load(dir, file);
        assertEquals("[\"model\"]", loaded.get("keys").toString());
        assertEquals("[2,3]", loaded.get("shapes").get("a.weight").toString());
        assertEquals("torch.float16", loaded.get("dtypes").get("c.half").asText());
        assertEquals(21.0, loaded.get("sums").get("a.weight").asDouble(), 1e-9);
    }

    // --- helpers

    private void assertHostileGlobal(String module, String name) throws Exception {
        Path marker = dir.resolve("pwned-" + name);
        Pickle p = new Pickle().proto().global(module, name).unicode("touch " + marker).tuple1().reduce().stop();
        Path file = checkpoint(p.bytes(), Map.of());
        FidelException e = assertThrows(FidelException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("GLOBAL " + module + "." + name), e.getMessage());
        assertFalse(Files.exists(marker), "the payload ran");
    }

    private Path writeSmall(Layout layout) throws IOException {
        Path file = dir.resolve("small-" + layout + ".pth");
        List<PthWriter.Entry> entries = List.of(new PthWriter.Entry("a.weight", DType.F32, new long[] {2, 3}),
                new PthWriter.Entry("b.bias", DType.F32, new long[] {2}), new PthWriter.Entry("c.half", DType.F16, new long[] {3}));
        List<byte[]> data = List.of(floats(1, 2, 3, 4, 5, 6), floats(7, 8), new byte[] {0, 0x3c, 0, 0x40, 0, 0x42});
        PthWriter.write(file, layout, entries, (i, out) -> out.write(ByteBuffer.wrap(data.get(i))));
        return file;
    }

    private Path checkpoint(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Path file = Files.createTempFile(dir, "ckpt", ".pth");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Pickle bytes written opcode by opcode. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle proto() {
            return op(0x80, 2);
        }

        Pickle stop() {
            return op('.');
        }

        Pickle mark() {
            return op('(');
        }

        Pickle emptyDict() {
            return op('}');
        }

        Pickle emptyList() {
            return op(']');
        }

        Pickle emptyTuple() {
            return op(')');
        }

        Pickle tuple1() {
            return op(0x85);
        }

        Pickle tuple() {
            return op('t');
        }

        Pickle reduce() {
            return op('R');
        }

        Pickle newobj() {
            return op(0x81);
        }

        Pickle build() {
            return op('b');
        }

        Pickle setItem() {
            return op('s');
        }

        Pickle setItems() {
            return op('u');
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle unicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle integer(long v) {
            PthWriter.integer(out, v);
            return this;
        }

        Pickle binfloat(double v) {
            op('G');
            out.writeBytes(ByteBuffer.allocate(8).putDouble(v).array());
            return this;
        }

        Pickle orderedDict() {
            return global("collections", "OrderedDict").emptyTuple().reduce();
        }

        Pickle tensor(String storageClass, String key, long numel, long[] shape) {
            global("torch._utils", "_rebuild_tensor_v2").mark();
            mark().unicode("storage").global("torch", storageClass).unicode(key).unicode("cpu").integer(numel).tuple().op('Q');
            integer(0).mark();
            for (long d : shape) {
                integer(d);
            }
            tuple().mark();
            long s = 1;
            long[] strides = new long[shape.length];
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = s;
                s *= shape[i];
            }
            for (long st : strides) {
                integer(st);
            }
            tuple().op(0x89).orderedDict().tuple().reduce();
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
