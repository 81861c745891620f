package dev.fidel.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes are standard safetensors: Python reads what Java writes and Java reads what Python
 * writes. With the {@code safetensors} package installed, its own loader and writer are used;
 * otherwise a reader and writer written from the format's description (struct + json, numpy when
 * present). Skipped, with the reason printed, without python3.
 */
class SafeTensorsPythonTest {

    /** Reads argv[1] and prints {name: {dtype, shape, values}, "__metadata__": {...}, "__reader__": which}. */
    private static final String READ = """
            import json, struct, sys
            path = sys.argv[1]
            out = {}
            try:
                from safetensors.numpy import load_file
                from safetensors import safe_open
                for name, array in load_file(path).items():
                    out[name] = {"dtype": {"float32": "F32", "int64": "I64", "int32": "I32"}[str(array.dtype)],
                                 "shape": list(array.shape), "values": array.reshape(-1).tolist()}
                with safe_open(path, framework="numpy") as f:
                    out["__metadata__"] = f.metadata() or {}
                out["__reader__"] = "safetensors"
            except ImportError:
                data = open(path, "rb").read()
                (n,) = struct.unpack("<Q", data[:8])
                header = json.loads(data[8:8 + n].decode("utf-8"))
                base = 8 + n
                fmt = {"F32": "f", "I64": "q", "I32": "i"}
                for name, info in header.items():
                    if name == "__metadata__":
                        out[name] = info
                        continue
                    b, e = info["data_offsets"]
                    size = struct.calcsize(fmt[info["dtype"]])
                    values = list(struct.unpack("<%d%s" % ((e - b) // size, fmt[info["dtype"]]), data[base + b:base + e]))
                    try:
                        import numpy
                        np_values = numpy.frombuffer(data[base + b:base + e], dtype="<" + fmt[info["dtype"]]).tolist()
                        assert np_values == values, name
                    except ImportError:
                        pass
                    out[name] = {"dtype": info["dtype"], "shape": info["shape"], "values": values}
                out.setdefault("__metadata__", {})
                out["__reader__"] = "struct"
            print(json.dumps(out))
            """;

    /** Writes argv[1] with two F32 tensors and metadata, as the reference implementation lays it out. */
    private static final String WRITE = """
            import json, struct, sys
            path = sys.argv[1]
            w = [[0.5, -1.25, 3.0], [1e-8, 2.5, -0.0]]
            b = [0.125, -7.0, 65504.0]
            try:
                import numpy
                from safetensors.numpy import save_file
                save_file({"w": numpy.array(w, dtype=numpy.float32), "b": numpy.array(b, dtype=numpy.float32)}, path,
                          metadata={"format": "np"})
                print("safetensors")
            except ImportError:
                tensors = {"b": ([3], b), "w": ([2, 3], [x for row in w for x in row])}
                header, data, offset = {"__metadata__": {"format": "np"}}, b"", 0
                for name in sorted(tensors):
                    shape, values = tensors[name]
                    raw = struct.pack("<%df" % len(values), *values)
                    header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(raw)]}
                    data += raw
                    offset += len(raw)
                text = json.dumps(header, separators=(",", ":")).encode("utf-8")
                text += b" " * ((8 - len(text) % 8) % 8)
                open(path, "wb").write(struct.pack("<Q", len(text)) + text + data)
                print("struct")
            """;

    private static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import json, struct").redirectErrorStream(true).start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                python = "python3";
            }
        } catch (IOException | InterruptedException e) {
            python = null;
        }
        if (python == null) {
            System.out.println("SafeTensorsPythonTest skipped: no python3 on the PATH to check the bytes against");
        }
    }

    private String run(String script, Path file) throws Exception {
        assumeTrue(python != null, "no python3 on the PATH");
        List<String> command = new ArrayList<>(List.of(python, "-c", script, file.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }

    @Test
    void pythonReadsWhatJavaWrites() throws Exception {
        Map<String, Tensor> tensors = new TreeMap<>();
        tensors.put("text_head.weight", Tensor.f32(new float[] {0.1f, -2.5f, 3e-7f, 1e30f, -0f, 7f}, 3, 2));
        tensors.put("bias", Tensor.f32(new float[] {1f}, 1));
        tensors.put("step", Tensor.i64(new long[] {9_007_199_254_740_993L}, 1));
        tensors.put("ids", Tensor.i32(new int[] {-5, 5}, 2));
        Path file = dir.resolve("java.safetensors");
        new SafeTensors(new TreeMap<>(tensors), new TreeMap<>(Map.of("format", "pt", "step", "400"))).write(file);

        JsonNode read = Json.MAPPER.readTree(run(READ, file));
        System.out.println("SafeTensorsPythonTest: read by Python with " + read.get("__reader__").asText());
        assertEquals(Map.of("format", "pt", "step", "400"), Json.MAPPER.convertValue(read.get("__metadata__"), Map.class));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonNode t = read.get(e.getKey());
            Tensor tensor = e.getValue();
            assertEquals(tensor.dtype().name(), t.get("dtype").asText(), e.getKey());
            assertArrayEquals(tensor.shape(), Json.MAPPER.convertValue(t.get("shape"), long[].class), e.getKey());
            switch (tensor.dtype()) {
                case F32 -> {
                    float[] expected = tensor.floats();
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits((float) t.get("values").get(i).asDouble()));
                    }
                }
                case I64 -> assertArrayEquals(tensor.longs(), Json.MAPPER.convertValue(t.get("values"), long[].class));
                default -> assertArrayEquals(tensor.ints(), Json.MAPPER.convertValue(t.get("values"), int[].class));
            }
        }
    }

    @Test
    void javaReadsWhatPythonWritesAndWritesTheSameBytes() throws Exception {
        Path file = dir.resolve("python.safetensors");
        String writer = run(WRITE, file);
        System.out.println("SafeTensorsPythonTest: written by Python with " + writer);
        SafeTensors read = SafeTensors.read(file);
        assertArrayEquals(new float[] {0.5f, -1.25f, 3f, 1e-8f, 2.5f, -0f}, read.get("w").floats());
        assertArrayEquals(new long[] {2, 3}, read.get("w").shape());
        assertArrayEquals(new float[] {0.125f, -7f, 65504f}, read.get("b").floats());
        assertEquals(Map.of("format", "np"), read.metadata());

        Path again = dir.resolve("again.safetensors");
        read.write(again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again), "Java lays the file out byte for byte as " + writer);
    }
}
