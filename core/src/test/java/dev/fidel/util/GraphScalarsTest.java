package dev.fidel.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scalars in the autograd graph must outlive the backward pass. With DJL's {@code x.mul(3f)} this test's
 * memory pressure gave the gradient -1.05e37 instead of 3 (the scalar's direct buffer was freed and
 * reused before backward read it); {@link GraphScalars} gives 3 every time.
 */
class GraphScalarsTest {

    @Test
    void aScalarInTheGraphSurvivesGarbageCollectionBeforeBackward() throws Exception {
        assertArrayEquals(new float[] {3, 3, 3}, gradientUnderMemoryPressure(x -> GraphScalars.times(x, 3)), 0f);
        assertArrayEquals(new float[] {1, 1, 1}, gradientUnderMemoryPressure(x -> GraphScalars.plus(x, 3)), 0f);
        assertArrayEquals(new float[] {-0.5f, -0.5f, -0.5f},
                gradientUnderMemoryPressure(x -> x.mul(GraphScalars.of(x, -0.5))), 0f);
    }

    /** d/dx sum(f(x)) at x = (1, 2, 3), with a garbage collection and reuse of freed native memory in between. */
    private static float[] gradientUnderMemoryPressure(UnaryOperator<NDArray> f) throws InterruptedException {
        try (NDManager manager = TorchEngine.newManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector collector = TorchEngine.engine().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                List<ByteBuffer> reuse = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    System.gc();
                    Thread.sleep(20);
                    for (int i = 0; i < 2000; i++) {
                        reuse.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
                    }
                }
                collector.backward(y);
                return x.getGradient().toFloatArray();
            }
        }
    }

    /** The packages that build autograd graphs call none of DJL's {@code Number} overloads on tensors or managers. */
    @Test
    void graphCodeCallsNoNumberOverloads() throws Exception {
        Path classes = Path.of(GraphScalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (String pkg : List.of("dev/fidel/model", "dev/fidel/recognition")) {
            try (Stream<Path> files = Files.walk(classes.resolve(pkg))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    scanned++;
                    for (String call : numberOverloads(file)) {
                        found.add(classes.relativize(file) + ": " + call);
                    }
                }
            }
        }
        assertTrue(scanned > 20, "scanned " + scanned + " classes");
        assertEquals(List.of(), found, "use GraphScalars instead");
    }

    /** Method references to ai.djl.ndarray.* taking a java.lang.Number, read from the class file's constant pool. */
    static List<String> numberOverloads(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            Map<Integer, String> utf8 = new HashMap<>();
            Map<Integer, int[]> refs = new HashMap<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.put(i, data.readUTF());
                    case 7, 8, 16, 19, 20 -> refs.put(i, new int[] {tag, data.readUnsignedShort()});
                    case 3, 4, 17, 18 -> data.readInt();
                    case 5, 6 -> {
                        data.readLong();
                        i++;
                    }
                    case 9, 10, 11, 12 -> refs.put(i, new int[] {tag, data.readUnsignedShort(), data.readUnsignedShort()});
                    case 15 -> {
                        data.readUnsignedByte();
                        data.readUnsignedShort();
                    }
                    default -> throw new IOException(classFile + ": constant pool tag " + tag + " at " + i);
                }
            }
            List<String> out = new ArrayList<>();
            for (int[] ref : refs.values()) {
                if (ref[0] != 10 && ref[0] != 11) {
                    continue;
                }
                String owner = utf8.get(refs.get(ref[1])[1]);
                int[] nameAndType = refs.get(ref[2]);
                String name = utf8.get(nameAndType[1]);
                String descriptor = utf8.get(nameAndType[2]);
                // set(index, value) fills in place at once and saves nothing for backward.
                boolean fill = name.equals("set");
                if (owner.startsWith("ai/djl/ndarray/") && descriptor.contains("Ljava/lang/Number;") && !fill) {
                    out.add(owner + "." + name + descriptor);
                }
            }
            return out;
        }
    }
}
