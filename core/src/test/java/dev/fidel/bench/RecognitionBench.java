package dev.fidel.bench;

import dev.fidel.audio.MelSpectrogram;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.vocoder.GriffinLim;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the real-time factor (seconds of compute per second of audio) of recognition and of
 * Griffin-Lim on CPU, wall clock and CPU time of the calling thread (run with one PyTorch thread).
 *
 * <p>Arguments: recognizer dir, mel dir ({@code <id>.mel} float32 LE [frames][mels] + index.tsv).
 */
public final class RecognitionBench {

    public static void main(String[] args) throws Exception {
        try (CtcRecognizer recognizer = CtcRecognizer.load(Path.of(args[0]))) {
            int mels = recognizer.melConfig().mels();
            List<float[][]> set = new ArrayList<>();
            double audio = 0;
            for (String line : Files.readAllLines(Path.of(args[1], "index.tsv"))) {
                String[] f = line.split("\t");
                if (f.length < 3 || !f[2].matches("\\d+")) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1], f[0] + ".mel"))).order(ByteOrder.LITTLE_ENDIAN);
                float[][] mel = new float[Integer.parseInt(f[2])][mels];
                for (float[] frame : mel) {
                    b.asFloatBuffer().get(frame);
                    b.position(b.position() + 4 * mels);
                }
                set.add(mel);
                audio += mel.length / recognizer.melConfig().framesPerSecond();
            }
            recognizer.transcribeMels(set.subList(0, Math.min(5, set.size()))); // warm-up
            long wall = System.nanoTime();
            double cpu = cpu();
            recognizer.transcribeMels(set);
            report("recognition", audio, (System.nanoTime() - wall) / 1e9, cpu() - cpu);
            GriffinLim vocoder = GriffinLim.defaults(recognizer.melConfig());
            MelSpectrogram analysis = new MelSpectrogram(recognizer.melConfig());
            wall = System.nanoTime();
            cpu = cpu();
            for (float[][] mel : set) {
                vocoder.synthesize(mel);
            }
            report("Griffin-Lim (32 iterations)", audio, (System.nanoTime() - wall) / 1e9, cpu() - cpu);
            wall = System.nanoTime();
            cpu = cpu();
            for (float[][] mel : set) {
                analysis.compute(new float[(mel.length - 1) * recognizer.melConfig().hop()]);
            }
            report("log-mel analysis", audio, (System.nanoTime() - wall) / 1e9, cpu() - cpu);
        }
    }

    private static double cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    private static void report(String what, double audio, double wall, double cpu) {
        System.out.printf(Locale.ROOT, "%-28s RTF %.4f wall, %.4f CPU (%.1f s wall for %.1f s of audio)%n", what, wall / audio, cpu / audio, wall, audio);
    }
}
