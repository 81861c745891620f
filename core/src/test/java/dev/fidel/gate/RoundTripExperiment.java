package dev.fidel.gate;

import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocoder.GriffinLim;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gate's power on real model outputs: runs {@link RoundTrip} (Griffin-Lim vocoder, the built-in
 * recognizer) over mel folders written by {@code TtsFeasibility} (mels decoded from codes a GPT
 * generated for unseen sentences, the codec-only mels, the real mels), prints each folder's CER and
 * the verdict at {@code maxCer}, and writes a report per folder.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) -Dai.djl.offline=true \
 *   -Dai.djl.pytorch.num_threads=1 dev.fidel.gate.RoundTripExperiment maxCer outDir recognizerDir melDir...
 * </pre>
 * Each mel folder holds {@code index.tsv} ({@code id text frames}) and {@code <id>.mel} (float32 LE [frames][80]).
 */
public final class RoundTripExperiment {

    public static void main(String[] args) throws Exception {
        double maxCer = Double.parseDouble(args[0]);
        Path out = Path.of(args[1]);
        MelConfig mel = MelConfig.defaults();
        GriffinLim vocoder = GriffinLim.defaults(mel);
        ErrorRates rates = new ErrorRates(new AmharicNormalizer(NormalizerProfile.amharic()));
        try (CtcRecognizer recognizer = CtcRecognizer.load(Path.of(args[2]))) {
            for (int a = 3; a < args.length; a++) {
                Path dir = Path.of(args[a]);
                List<String> texts = new ArrayList<>();
                Map<String, float[][]> mels = new HashMap<>();
                for (String line : Files.readAllLines(dir.resolve("index.tsv"), StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t");
                    if (f.length < 3 || !f[2].matches("\\d+")) {
                        continue;
                    }
                    texts.add(f[1]);
                    mels.put(f[1], read(dir.resolve(f[0] + ".mel"), Integer.parseInt(f[2]), mel.mels()));
                }
                RoundTrip roundTrip = new RoundTrip(recognizer, rates);
                long t0 = System.nanoTime();
                List<GateSentence> sentences = new ArrayList<>();
                List<Clip> clips = new ArrayList<>();
                for (String text : texts) {
                    float[] samples = vocoder.synthesize(mels.get(text));
                    sentences.add(new GateSentence(String.valueOf(sentences.size()), text, rates.canonical(text)));
                    clips.add(new Clip(null, samples, (double) samples.length / mel.sampleRate(), null));
                }
                Measurement m = new Measurement(Measurement.FORMAT, Measurement.FORMAT_VERSION, Map.of("mels", dir.toString()), Map.of(),
                        roundTrip.score(sentences, clips, mel.sampleRate(), Set.of(), null), null, null, 0, List.of(), null);
                Thresholds thresholds = new Thresholds(maxCer, null, 0);
                RoundTripReport report = RoundTripReport.of(m, Verdict.judge(m, thresholds, null), thresholds);
                ReportFiles.writeReport(report, out.resolve(dir.getParent().getFileName() + "-" + dir.getFileName()));
                String verdict;
                try {
                    Verdict.check(report);
                    verdict = "PASS";
                } catch (VerdictException e) {
                    verdict = "FAIL";
                }
                System.out.printf(Locale.ROOT, "%-40s %3d sentences  CER %.3f  WER %.3f  -> %s at maxCer %.2f (%.0f s)%n", dir,
                        report.overall().sentences(), report.overall().cer(), report.overall().wer(), verdict, maxCer,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    static float[][] read(Path file, int frames, int mels) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[][] m = new float[frames][mels];
        for (float[] frame : m) {
            for (int i = 0; i < mels; i++) {
                frame[i] = b.getFloat();
            }
        }
        return m;
    }
}
