package dev.fidel.experiment.recognition;

import dev.fidel.audio.MelSpectrogram;
import dev.fidel.metrics.EditScore;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.recognition.LabelledMel;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocoder.GriffinLim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores directories of mel files ({@link MelDirectory}) with a saved recognizer: CER/WER overall
 * and per sentence, read directly and after Griffin-Lim (mel -> waveform -> mel), and split by
 * whether the recognizer trained on the sentence (its {@code trained-sentences.sha256}).
 *
 * <p>Arguments: recognizer dir, then mel dirs; {@code --no-griffin-lim} skips the vocoder pass.
 */
public final class ScoreMelDirectories {

    public static void main(String[] args) throws Exception {
        Path recognizerDir = Path.of(args[0]);
        boolean griffinLim = true;
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--no-griffin-lim")) {
                griffinLim = false;
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        ErrorRates rates = new ErrorRates(new AmharicNormalizer(NormalizerProfile.amharic()));
        StringBuilder summary = new StringBuilder();
        java.util.Set<String> trainedOn = new java.util.HashSet<>(
                Files.readAllLines(recognizerDir.resolve(RecognizerExperiment.TRAINED_SENTENCES)));
        try (CtcRecognizer recognizer = CtcRecognizer.load(recognizerDir)) {
            GriffinLim vocoder = GriffinLim.defaults(recognizer.melConfig());
            MelSpectrogram analysis = new MelSpectrogram(recognizer.melConfig());
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                List<LabelledMel> set = MelDirectory.read(dir, recognizer.melConfig().mels());
                Evaluation direct = Evaluation.run(recognizer, set, rates);
                System.out.println("== " + name + " (mel read directly)");
                direct.printSentences(System.out);
                report(summary, name + " direct", direct, trainedOn);
                if (griffinLim) {
                    long start = System.nanoTime();
                    double cpu = Evaluation.threadCpuSeconds();
                    List<float[]> waves = new ArrayList<>();
                    for (LabelledMel u : set) {
                        waves.add(vocoder.synthesize(u.mel()));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpuSeconds = Evaluation.threadCpuSeconds() - cpu;
                    List<LabelledMel> vocoded = new ArrayList<>();
                    for (int i = 0; i < set.size(); i++) {
                        vocoded.add(new LabelledMel(set.get(i).id(), analysis.compute(waves.get(i)), set.get(i).text()));
                    }
                    Evaluation viaVocoder = Evaluation.run(recognizer, vocoded, rates);
                    System.out.println("== " + name + " (mel -> Griffin-Lim 32 -> mel)");
                    viaVocoder.printSentences(System.out);
                    report(summary, name + " via Griffin-Lim", viaVocoder, trainedOn);
                    summary.append(String.format(Locale.ROOT, "  Griffin-Lim (32 iterations) RTF %.4f wall, %.4f CPU (%.1f s for %.1f s of audio)%n",
                            seconds / viaVocoder.audioSeconds, cpuSeconds / viaVocoder.audioSeconds, seconds, viaVocoder.audioSeconds));
                }
            }
        }
        System.out.println();
        System.out.print(summary);
        Files.writeString(recognizerDir.resolve("scores-" + String.join("+", dirs.stream().map(d -> d.getFileName().toString()).toList()) + ".txt"),
                summary.toString());
    }

    private static void report(StringBuilder summary, String name, Evaluation e, java.util.Set<String> trainedOn) {
        summary.append(e.summary(name)).append('\n');
        EditScore seen = EditScore.ZERO;
        EditScore unseen = EditScore.ZERO;
        int seenCount = 0;
        for (Evaluation.Line l : e.lines) {
            if (!trainedOn.contains(dev.fidel.util.Sha256.of(l.reference()))) {
                unseen = unseen.plus(l.characters());
            } else {
                seen = seen.plus(l.characters());
                seenCount++;
            }
        }
        summary.append(String.format(Locale.ROOT, "  sentences the recognizer trained on: %d, CER %.4f; not trained on: %d, CER %.4f%n",
                seenCount, seen.rate(), e.lines.size() - seenCount, unseen.rate()));
    }
}
