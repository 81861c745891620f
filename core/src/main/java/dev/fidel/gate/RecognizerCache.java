package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.recognition.CtcRecognizerConfig;
import dev.fidel.recognition.CtcTrainer;
import dev.fidel.recognition.CtcTrainingConfig;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.recognition.CtcTrainingReport;
import dev.fidel.recognition.LabelledMel;
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
 * The built-in recognizer, trained on the prepared training split's real recordings and kept in a
 * directory with a {@link Fingerprint} of the split files and the settings: reused while they are
 * unchanged (the log says so), trained again when they change. Its own CER on the real recordings of
 * the validation and test splits is measured once and kept beside it ({@code heldout.json}).
 */
public final class RecognizerCache {

    public static final String HELD_OUT_FILE = "heldout.json";
    public static final String GOAL = "recognizer";

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
     * The recognizer (the caller closes it), its held-out figures, whether it was trained now, and what its training
     * did (steps, whether the safety time limit cut it short).
     */
    public record Result(CtcRecognizer recognizer, Figures heldOut, boolean trained, CtcTrainingReport training) {
    }

    private final Path directory;
    private final EventSink events;

    public RecognizerCache(Path directory, EventSink events) {
        this.directory = directory;
        this.events = events;
    }

    /**
     * The recognizer for the prepared data in {@code dataDirectory} ({@code train.jsonl}, {@code val.jsonl},
     * {@code test.jsonl}), trained if there is none up to date (or {@code force}).
     *
     * A recognizer is kept as up to date only when it is fit to listen: its held-out CER at most
     * {@code maxRecognizerCer} and its training not cut short by the time limit. An unfit one is saved for
     * inspection but trained again next time; the caller refuses to judge with it ({@link ListenerCheck}).
     *
     * @param normalizerSha256 the normalizer profile the manifest's texts were normalized with
     */
    public Result obtain(Path dataDirectory, MelConfig melConfig, String normalizerSha256, ErrorRates rates,
            Settings settings, double maxRecognizerCer, boolean force) throws FidelException {
        Path train = dataDirectory.resolve("train.jsonl");
        List<Path> heldOutFiles = List.of(dataDirectory.resolve("val.jsonl"), dataDirectory.resolve("test.jsonl"));
        Fingerprint fingerprint = new Fingerprint(GOAL);
        String stale;
        try {
            fingerprint.withFile("train.jsonl", train).with("melConfig", Json.line(melConfig))
                    .with("normalizer", normalizerSha256).with("settings", Json.line(settings.identity()))
                    .with("heldOutScoring", "spoken form; format " + Measurement.FORMAT_VERSION);
            for (Path held : heldOutFiles) {
                if (Files.isRegularFile(held)) {
                    fingerprint.withFile(held.getFileName().toString(), held);
                }
            }
            List<String> names = List.of(CtcRecognizer.HEADER_FILE, CtcRecognizer.WEIGHTS_FILE, HELD_OUT_FILE, ListenerReport.FILE_NAME,
                    Fingerprint.FILE_NAME);
            OwnedFolder.take(directory, GOAL, "recognizerDirectory", names::contains, names);
            stale = force ? "-Dfidel.force" : fingerprint.staleReason(directory);
        } catch (IOException e) {
            throw new FidelException("cannot read the prepared data in " + dataDirectory + ": " + e.getMessage()
                    + " (run fidel:prepare-data first)", e);
        }
        if (stale == null) {
            CtcRecognizer recognizer = CtcRecognizer.load(directory);
            Figures heldOut = readHeldOut();
            events.info(String.format(Locale.ROOT, "recognizer in %s is up to date (same training split and settings); "
                    + "held-out real CER %.3f", directory, heldOut.cer()));
            return new Result(recognizer, heldOut, false, trainingReport(recognizer));
        }
        events.info("training the built-in recognizer on the real recordings of " + train + ": " + stale);
        List<LabelledMel> labelled = new ArrayList<>();
        MelSpectrogram spectrogram = new MelSpectrogram(melConfig);
        for (Recording r : Recording.read(train, melConfig.sampleRate(), 0)) {
            labelled.add(new LabelledMel(r.utterance().id(), spectrogram.compute(r.samples()),
                    rates.canonical(r.utterance().normalizedText())));
        }
        CtcRecognizer recognizer = new CtcTrainer(settings.network(), settings.training(), melConfig, normalizerSha256, events)
                .train(labelled);
        try {
            List<Recording> heldOutRecordings = new ArrayList<>();
            for (Path held : heldOutFiles) {
                if (Files.isRegularFile(held)) {
                    int left = settings.heldOutLimit() == 0 ? 0 : settings.heldOutLimit() - heldOutRecordings.size();
                    if (settings.heldOutLimit() == 0 || left > 0) {
                        heldOutRecordings.addAll(Recording.read(held, melConfig.sampleRate(), left));
                    }
                }
            }
            if (heldOutRecordings.isEmpty()) {
                throw new VerdictException("no held-out recordings (val.jsonl, test.jsonl in " + dataDirectory
                        + ") to measure the recognizer on");
            }
            List<SentenceResult> heard = new RoundTrip(recognizer, rates).results(heldOutRecordings, s -> s, melConfig.sampleRate());
            Figures heldOut = Figures.of(heard, r -> true);
            CtcTrainingReport training = trainingReport(recognizer);
            ListenerReport report = ListenerReport.of(heldOutRecordings, heard, training, settings.training().tempo(),
                    recognizer.characterSet().size() - 1);
            Files.createDirectories(directory);
            // The earlier recognizer's fingerprint goes first: these files must never pass for it.
            Files.deleteIfExists(directory.resolve(Fingerprint.FILE_NAME));
            recognizer.save(directory);
            Json.write(directory.resolve(HELD_OUT_FILE), heldOut);
            Json.write(directory.resolve(ListenerReport.FILE_NAME), report);
            events.info(String.format(Locale.ROOT, "recognizer trained on %d recordings: held-out real CER %.3f, WER %.3f (%d recordings)",
                    labelled.size(), heldOut.cer(), heldOut.wer(), heldOut.sentences()));
            if (heldOut.cer() <= maxRecognizerCer && !training.stoppedByTimeLimit()) {
                fingerprint.record(directory);
            } else {
                events.warn("the recognizer in " + directory + " is not kept as up to date ("
                        + (training.stoppedByTimeLimit() ? "its training was cut short by the time limit" : "its held-out CER is above maxRecognizerCer")
                        + "): it is trained again next time");
            }
            return new Result(recognizer, heldOut, true, training);
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

    private Figures readHeldOut() throws FidelException {
        try {
            return Json.read(directory.resolve(HELD_OUT_FILE), Figures.class);
        } catch (IOException e) {
            throw new FidelException("recognizer in " + directory + " lacks a readable " + HELD_OUT_FILE + ": "
                    + e.getMessage() + " (delete the folder or use -Dfidel.force)", e);
        }
    }
}
