package dev.fidel.experiment.recognition;

import dev.fidel.recognition.LabelledMel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of mel files shared between experiments: {@code <id>.mel} (float32 little-endian,
 * {@code [frames][mels]} row-major) and {@code index.tsv} (id, text, frames; a header line is allowed).
 */
final class MelDirectory {

    private MelDirectory() {
    }

    static List<LabelledMel> read(Path directory, int mels) throws IOException {
        List<LabelledMel> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(directory.resolve("index.tsv"), StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 3 || !f[2].strip().matches("\\d+")) {
                if (lineNumber == 1) {
                    continue; // header
                }
                throw new IOException(directory.resolve("index.tsv") + ":" + lineNumber + ": expected id, text, frames");
            }
            int frames = Integer.parseInt(f[2].strip());
            byte[] bytes = Files.readAllBytes(directory.resolve(f[0] + ".mel"));
            if (bytes.length != frames * mels * 4) {
                throw new IOException(directory.resolve(f[0] + ".mel") + ": " + bytes.length + " bytes, index says "
                        + frames + " frames of " + mels + " float32");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[][] mel = new float[frames][mels];
            for (float[] frame : mel) {
                for (int m = 0; m < mels; m++) {
                    frame[m] = buffer.getFloat();
                }
            }
            out.add(new LabelledMel(f[0], mel, f[1]));
        }
        return out;
    }

    static void write(Path directory, List<LabelledMel> utterances) throws IOException {
        Files.createDirectories(directory);
        StringBuilder index = new StringBuilder("id\ttext\tframes\n");
        for (LabelledMel u : utterances) {
            int mels = u.mel()[0].length;
            ByteBuffer buffer = ByteBuffer.allocate(u.mel().length * mels * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] frame : u.mel()) {
                for (float v : frame) {
                    buffer.putFloat(v);
                }
            }
            Files.write(directory.resolve(u.id() + ".mel"), buffer.array());
            index.append(u.id()).append('\t').append(u.text()).append('\t').append(u.mel().length).append('\n');
        }
        Files.writeString(directory.resolve("index.tsv"), index.toString(), StandardCharsets.UTF_8);
    }
}
