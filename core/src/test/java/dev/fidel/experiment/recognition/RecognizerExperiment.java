package dev.fidel.experiment.recognition;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.event.ConsoleEvents;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.recognition.CtcRecognizerConfig;
import dev.fidel.recognition.CtcTrainer;
import dev.fidel.recognition.CtcTrainingConfig;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.recognition.LabelledMel;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the built-in CTC recognizer on the experiment corpus and reports its held-out CER.
 * Held out: every sentence whose normalized text's SHA-256 ends in a byte below 13 (~5%).
 * Writes the recognizer to {@code <out>} and the held-out real mels to {@code <out>/heldout-real}.
 *
 * <p>Arguments: [corpus dir, default /work/data-exp] [output dir, default /work/exp-out/recognizer]
 * [training seconds, default 600] [index.tsv files of mel directories whose sentences must not be
 * trained on, e.g. a TTS model's validation sentences, so that the recognizer reads them blind].
 */
public final class RecognizerExperiment {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "/work/data-exp");
        Path out = Path.of(args.length > 1 ? args[1] : "/work/exp-out/recognizer");
        double budget = args.length > 2 ? Double.parseDouble(args[2]) : 600;

        NormalizerProfile profile = NormalizerProfile.amharic();
        ErrorRates rates = new ErrorRates(new AmharicNormalizer(profile));
        MelConfig melConfig = MelConfig.defaults();
        long t0 = System.nanoTime();
        // Mels are cached beside the corpus metadata's hash, so a second run skips the 4,200 FFT passes.
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "fidel-recognizer-mels-" + Sha256.of(corpus.resolve("metadata.tsv")).substring(0, 16));
        List<LabelledMel> all;
        if (Files.isRegularFile(cache.resolve("index.tsv"))) {
            all = MelDirectory.read(cache, melConfig.mels());
        } else {
            all = Corpus.mels(Corpus.entries(corpus), new MelSpectrogram(melConfig), rates::canonical, 2);
            MelDirectory.write(cache, all);
        }
        System.out.printf(Locale.ROOT, "%d utterances, mels in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);

        java.util.Set<String> excluded = new java.util.HashSet<>();
        for (int i = 3; i < args.length; i++) {
            for (LabelledMel u : MelDirectory.read(Path.of(args[i]).getParent(), melConfig.mels())) {
                excluded.add(rates.canonical(u.text()));
            }
        }
        List<LabelledMel> train = new ArrayList<>();
        List<LabelledMel> heldOut = new ArrayList<>();
        int left = 0;
        for (LabelledMel u : all) {
            if (isHeldOut(u.text())) {
                heldOut.add(u);
            } else if (excluded.contains(u.text())) {
                left++;
            } else {
                train.add(u);
            }
        }
        System.out.printf(Locale.ROOT, "split by sentence: %d train, %d held out, %d more left out (%d excluded sentences)%n",
                train.size(), heldOut.size(), left, excluded.size());

        EventSink console = ConsoleEvents.CONSOLE;
        CtcTrainingConfig training = new CtcTrainingConfig(32, 2e-3f, 100, 700, budget, 5f, 42, TempoPerturbation.defaults());
        CtcTrainer trainer = new CtcTrainer(CtcRecognizerConfig.defaults(), training, melConfig, profile.sha256(), console);
        try (CtcRecognizer recognizer = trainer.train(train)) {
            recognizer.save(out);
            MelDirectory.write(out.resolve("heldout-real"), heldOut);
            // Which sentences the recognizer heard, as SHA-256 of the normalized text, for the scorer's split.
            Files.write(out.resolve(TRAINED_SENTENCES), train.stream().map(u -> Sha256.of(u.text())).sorted().distinct().toList());
            Evaluation held = Evaluation.run(recognizer, heldOut, rates);
            held.printSentences(System.out);
            System.out.println(held.summary("held-out real mels"));
            Evaluation seen = Evaluation.run(recognizer, train.subList(0, Math.min(200, train.size())), rates);
            System.out.println(seen.summary("training sentences (first 200)"));
            Files.writeString(out.resolve("experiment.txt"), held.summary("held-out real mels") + "\n"
                    + seen.summary("training sentences (first 200)") + "\n" + recognizer.header().training() + "\n");
        }
    }

    /** File beside the recognizer listing the SHA-256 of every normalized sentence it trained on. */
    static final String TRAINED_SENTENCES = "trained-sentences.sha256";

    static boolean isHeldOut(String canonicalText) {
        String sha = Sha256.of(canonicalText);
        return Integer.parseInt(sha.substring(sha.length() - 2), 16) < 13;
    }
}
