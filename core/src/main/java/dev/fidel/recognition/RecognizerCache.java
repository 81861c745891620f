package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.event.EventSink;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in recognizer, trained on the prepared training split's real recordings and kept in a directory with a
 * {@link Fingerprint} of the split files and the settings: reused while they are unchanged and it passed its real-speech
 * check (the log says so), trained again otherwise. Its figures on the real recordings of the validation and test splits
 * are measured once, when it is trained, by the caller's {@link RealSpeechCheck} (how transcripts are scored is the
 * caller's business) and kept beside it.
 *
 * <p>A recognizer is reused only if it passed: its recorded real-speech CER at most {@code maxRecognizerCer} and its
 * training not cut short by the time limit. An unfit one is saved for inspection but never reused.
 */
public final class RecognizerCache {

    public static final String GOAL = "recognizer";
    public static final String TRAIN_FILE = "train.jsonl";
    /** The held-out splits the real-speech check reads, in this order, where they exist. */
    public static final List<String> HELD_OUT_SPLITS = List.of("val.jsonl", "test.jsonl");

    /**
     * @param network recognizer sizes
     * @param training how it is trained
     * @param heldOutLimit held-out recordings scored at most (0: all of val and test)
     */
    public record Settings(
            @JsonProperty("network") CtcRecognizerConfig network,
            @JsonProperty("training") CtcTrainingConfig training,
            @JsonProperty("heldOutLimit") int heldOutLimit) {

        /** These settings less the time limit, which decides nothing about a recognizer that finished its steps. */
        public Settings identity() {
            CtcTrainingConfig t = training;
            return new Settings(network, new CtcTrainingConfig(t.batchSize(), t.learningRate(), t.warmupSteps(), t.maxSteps(), 0,
                    t.clipNorm(), t.seed(), t.tempo()), heldOutLimit);
        }

        public static Settings defaults() {
            return new Settings(CtcRecognizerConfig.defaults(), CtcTrainingConfig.defaults(), 200);
        }

        /**
         * The defaults with {@code steps} (the budget: {@code <recognizerSteps>}), {@code seconds} (the safety limit:
         * {@code <recognizerSeconds>}; both must be positive) and {@code tempo} ({@code <recognizerTempo>}).
         */
        public static Settings withBudget(int steps, double seconds, TempoPerturbation tempo) throws FidelException {
            if (!(seconds > 0) || steps <= 0) {
                throw new FidelException("<recognizerSeconds> " + seconds + " and <recognizerSteps> " + steps + " must be positive",
                        seconds > 0 ? "recognizerSteps" : "recognizerSeconds", null);
            }
            Settings d = defaults();
            CtcTrainingConfig t = d.training();
            return new Settings(d.network(), new CtcTrainingConfig(t.batchSize(), t.learningRate(), Math.min(t.warmupSteps(), steps),
                    steps, seconds, t.clipNorm(), t.seed(), tempo), d.heldOutLimit());
        }
    }

    /**
     * Reads the training recordings of a split file as log-mel frames under {@code melConfig}, each with its id and its
     * text in the form transcripts are scored in (the caller's reader: the split's format is data's, and the mels may
     * come from its cache).
     */
    @FunctionalInterface
    public interface TrainingClips {
        List<LabelledMel> read(Path splitFile, MelConfig melConfig) throws FidelException;
    }

    /** What a real-speech check found; {@link #cer()} decides whether the recognizer is fit to listen. */
    public interface RealSpeechFigures {
        /** Character error rate on held-out real recordings. */
        double cer();

        /** The figures in words for the log. */
        default String summary() {
            return String.format(Locale.ROOT, "CER %.3f", cer());
        }
    }

    /**
     * Measures a just-trained recognizer on held-out real recordings and keeps its figures beside it.
     *
     * @param <F> the figures it finds and keeps
     */
    public interface RealSpeechCheck<F extends RealSpeechFigures> {

        /** How it scores, in words; part of the fingerprint, so that a change of scoring trains again. */
        String scoring();

        /** The files {@link #write} puts into the recognizer's directory. */
        List<String> files();

        /**
         * Figures of {@code recognizer} on up to {@code limit} recordings (0: all) of {@code heldOutFiles}.
         *
         * @throws dev.fidel.VerdictException when there are no held-out recordings to measure on
         */
        F measure(CtcRecognizer recognizer, CtcTrainingReport training, List<Path> heldOutFiles, int limit) throws FidelException;

        void write(F figures, Path directory) throws IOException;

        /** The figures {@link #write} kept in {@code directory}. */
        F recorded(Path directory) throws FidelException;
    }

    /**
     * The recognizer (the caller closes it), its held-out figures, whether it was trained now, and what its training
     * did (steps, whether the safety time limit cut it short).
     */
    public record Result<F>(CtcRecognizer recognizer, F heldOut, boolean trained, CtcTrainingReport training) {
    }

    private final Path directory;
    private final EventSink events;

    public RecognizerCache(Path directory, EventSink events) {
        this.directory = directory;
        this.events = events;
    }

    /**
     * The recognizer for the prepared data in {@code dataDirectory} ({@value #TRAIN_FILE}, then {@link #HELD_OUT_SPLITS}),
     * trained if there is none up to date that passed (or {@code force}).
     *
     * @param normalizerSha256 the normalizer profile the manifest's texts were normalized with
     * @param clips reads the training recordings
     * @param check measures a trained recognizer on the held-out recordings
     */
    public <F extends RealSpeechFigures> Result<F> obtain(Path dataDirectory, MelConfig melConfig, String normalizerSha256,
            TrainingClips clips, RealSpeechCheck<F> check, Settings settings, double maxRecognizerCer, boolean force)
            throws FidelException {
        Path train = dataDirectory.resolve(TRAIN_FILE);
        List<Path> heldOutFiles = HELD_OUT_SPLITS.stream().map(dataDirectory::resolve).filter(Files::isRegularFile).toList();
        Fingerprint fingerprint = new Fingerprint(GOAL);
        String stale;
        try {
            fingerprint.withFile(TRAIN_FILE, train).with("melConfig", Json.line(melConfig))
                    .with("normalizer", normalizerSha256).with("settings", Json.line(settings.identity()))
                    .with("heldOutScoring", check.scoring());
            for (Path held : heldOutFiles) {
                fingerprint.withFile(held.getFileName().toString(), held);
            }
            List<String> names = new ArrayList<>(List.of(CtcRecognizer.HEADER_FILE, CtcRecognizer.WEIGHTS_FILE, Fingerprint.FILE_NAME));
            names.addAll(check.files());
            OwnedFolder.take(directory, GOAL, "recognizerDirectory", names::contains, names);
            stale = force ? "-Dfidel.force" : fingerprint.staleReason(directory);
        } catch (IOException e) {
            throw new FidelException("cannot read the prepared data in " + dataDirectory + ": " + e.getMessage()
                    + " (run fidel:prepare-data first)", e);
        }
        if (stale == null) {
            F heldOut = check.recorded(directory);
            if (heldOut.cer() <= maxRecognizerCer) {
                CtcRecognizer recognizer = CtcRecognizer.load(directory);
                events.info(String.format(Locale.ROOT, "recognizer in %s is up to date (same training split and settings); "
                        + "held-out real CER %.3f", directory, heldOut.cer()));
                return new Result<>(recognizer, heldOut, false, trainingReport(recognizer));
            }
            stale = String.format(Locale.ROOT, "its recorded held-out real CER %.3f is above maxRecognizerCer %.3f, so it is not reused",
                    heldOut.cer(), maxRecognizerCer);
        }
        if (heldOutFiles.isEmpty()) {
            throw new VerdictException("no held-out recordings (" + String.join(", ", HELD_OUT_SPLITS) + " in " + dataDirectory
                    + ") to measure the recognizer on");
        }
        events.info("training the built-in recognizer on the real recordings of " + train + ": " + stale);
        List<LabelledMel> recordings = clips.read(train, melConfig);
        CtcRecognizer recognizer = new CtcTrainer(settings.network(), settings.training(), melConfig, normalizerSha256, events)
                .train(recordings);
        try {
            CtcTrainingReport training = trainingReport(recognizer);
            F heldOut = check.measure(recognizer, training, heldOutFiles, settings.heldOutLimit());
            Files.createDirectories(directory);
            // The earlier recognizer's fingerprint goes first: these files must never pass for it.
            Files.deleteIfExists(directory.resolve(Fingerprint.FILE_NAME));
            recognizer.save(directory);
            check.write(heldOut, directory);
            events.info(String.format(Locale.ROOT, "recognizer trained on %d recordings: held-out real %s", recordings.size(),
                    heldOut.summary()));
            if (heldOut.cer() <= maxRecognizerCer && !training.stoppedByTimeLimit()) {
                fingerprint.record(directory);
            } else {
                events.warn("the recognizer in " + directory + " is not kept as up to date ("
                        + (training.stoppedByTimeLimit() ? "its training was cut short by the time limit" : "its held-out CER is above maxRecognizerCer")
                        + "): it is trained again next time");
            }
            return new Result<>(recognizer, heldOut, true, training);
        } catch (IOException e) {
            recognizer.close();
            throw new FidelException("cannot save the recognizer into " + directory + ": " + e.getMessage(), e);
        } catch (FidelException | RuntimeException e) {
            recognizer.close();
            throw e;
        }
    }

    /** What the recognizer's training did, from its header (typed when just trained, a map when loaded). */
    private static CtcTrainingReport trainingReport(CtcRecognizer recognizer) {
        Object report = recognizer.header().training() == null ? null : recognizer.header().training().get("report");
        return report == null ? new CtcTrainingReport(0, 0, 0, 0, Double.NaN, false)
                : Json.MAPPER.convertValue(report, CtcTrainingReport.class);
    }
}
