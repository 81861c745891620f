package dev.fidel.experiment.recognition;

import dev.fidel.metrics.EditScore;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.LabelledMel;
import dev.fidel.recognition.CtcRecognizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Transcribes a set of mels and scores them: CER/WER per sentence and overall, recognition real-time factor. */
final class Evaluation {

    record Line(String id, String reference, String transcript, EditScore characters, EditScore words) {
    }

    final List<Line> lines = new ArrayList<>();
    EditScore characters = EditScore.ZERO;
    EditScore words = EditScore.ZERO;
    double seconds;
    double cpuSeconds;
    double audioSeconds;

    /** CPU time of the calling thread (with one PyTorch thread, recognition runs on it). */
    static double threadCpuSeconds() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    static Evaluation run(CtcRecognizer recognizer, List<LabelledMel> set, ErrorRates rates) {
        Evaluation e = new Evaluation();
        long start = System.nanoTime();
        double cpu = threadCpuSeconds();
        List<String> transcripts = recognizer.transcribeMels(set.stream().map(LabelledMel::mel).toList());
        e.seconds = (System.nanoTime() - start) / 1e9;
        e.cpuSeconds = threadCpuSeconds() - cpu;
        double framesPerSecond = recognizer.melConfig().framesPerSecond();
        for (int i = 0; i < set.size(); i++) {
            LabelledMel u = set.get(i);
            EditScore c = rates.characters(u.text(), transcripts.get(i));
            EditScore w = rates.words(u.text(), transcripts.get(i));
            e.lines.add(new Line(u.id(), rates.canonical(u.text()), transcripts.get(i), c, w));
            e.characters = e.characters.plus(c);
            e.words = e.words.plus(w);
            e.audioSeconds += u.mel().length / framesPerSecond;
        }
        return e;
    }

    String summary(String name) {
        return String.format(Locale.ROOT, "%s: %d sentences, CER %.4f (%d/%d), WER %.4f, recognition RTF %.4f wall, %.4f CPU of the calling thread (%.1f s for %.1f s of audio)",
                name, lines.size(), characters.rate(), characters.edits(), characters.referenceLength(), words.rate(),
                seconds / Math.max(audioSeconds, 1e-9), cpuSeconds / Math.max(audioSeconds, 1e-9), seconds, audioSeconds);
    }

    void printSentences(PrintStream out) {
        for (Line l : lines) {
            out.printf(Locale.ROOT, "%s\tCER %.3f\t%s\t->\t%s%n", l.id(), l.characters().rate(), l.reference(), l.transcript());
        }
    }
}
