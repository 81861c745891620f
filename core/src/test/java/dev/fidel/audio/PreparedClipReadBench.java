package dev.fidel.audio;

import dev.fidel.data.DataSplit;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the time to read one prepared clip, in ms per file, one thread: {@link PreparedSplit#samples} (the plain WAV
 * read without FFmpeg) against the same clip decoded through FFmpeg ({@link AudioDecoder}'s path for any other file), over
 * every clip of a prepared data
 * folder, in alternating rounds (A B A B ...), after a warm-up round of each; then the median of each and their ratio.
 * It checks on the way that both give the same samples. In the audio package to reach the FFmpeg path.
 *
 * <pre>
 * scripts/bench PrepareDataBench sample-project/corpus /tmp/prepared     # once, to have prepared clips
 * scripts/bench dev.fidel.audio.PreparedClipReadBench /tmp/prepared [ROUNDS]
 * </pre>
 */
public final class PreparedClipReadBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PreparedClipReadBench PREPARED_DIR [ROUNDS]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rate = dev.fidel.data.PreparedData.read(data, "data").manifest().sampleRate();
        List<Path> clips = new ArrayList<>();
        for (DataSplit s : DataSplit.values()) {
            Path manifest = data.resolve(s.fileStem() + ".jsonl");
            for (Utterance u : PreparedSplit.utterances(manifest, "data")) {
                clips.add(PreparedSplit.clip(manifest, u));
            }
        }
        AudioDecoder decoder = new AudioDecoder(rate);
        for (Path clip : clips.subList(0, Math.min(200, clips.size()))) {
            short[] pcm = decoder.ffmpeg(clip).samples();
            float[] read = PreparedSplit.samples(clip, rate, "data");
            for (int i = 0; i < pcm.length; i++) {
                if (read.length != pcm.length || read[i] != pcm[i] / 32768f) {
                    throw new IllegalStateException(clip + ": the samples differ from FFmpeg's at " + i);
                }
            }
        }
        double[] plain = new double[rounds];
        double[] ffmpeg = new double[rounds];
        for (int r = -1; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (Path clip : clips) {
                PreparedSplit.samples(clip, rate, "data");
            }
            long t1 = System.nanoTime();
            for (Path clip : clips) {
                decoder.ffmpeg(clip);
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                plain[r] = (t1 - t0) / 1e6 / clips.size();
                ffmpeg[r] = (t2 - t1) / 1e6 / clips.size();
                System.out.printf(Locale.ROOT, "round %d: PreparedSplit.samples %.3f ms/file, through FFmpeg %.3f ms/file (%d clips, load %.1f)%n",
                        r + 1, plain[r], ffmpeg[r], clips.size(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        java.util.Arrays.sort(plain);
        java.util.Arrays.sort(ffmpeg);
        double a = plain[rounds / 2];
        double b = ffmpeg[rounds / 2];
        System.out.printf(Locale.ROOT, "median: PreparedSplit.samples %.3f ms/file, through FFmpeg %.3f ms/file: %.1fx faster (same samples)%n",
                a, b, b / a);
    }
}
