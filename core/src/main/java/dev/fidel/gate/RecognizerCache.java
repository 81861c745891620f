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

        public static Settings defaults() {
            return new Settings(CtcRecognizerConfig.defaults(), CtcTrainingConfig.defaults(), 200);
        }
    }

    /** The recognizer (the caller closes it), its held-out figures, and whether it was trained now. */
    public record Result(CtcRecognizer recognizer, Figures heldOut, boolean trained) {
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
     * @param normalizerSha256 the normalizer profile the manifest's texts were normalized with
     */
    public Result obtain(Path dataDirectory, MelConfig melConfig, String normalizerSha256, ErrorRates rates,
            Settings settings, boolean force) throws FidelException {
        Path train = dataDirectory.resolve("train.jsonl");
        List<Path> heldOutFiles = List.of(dataDirectory.resolve("val.jsonl"), dataDirectory.resolve("test.jsonl"));
        Fingerprint fingerprint = new Fingerprint(GOAL);
        String stale;
        try {
            fingerprint.withFile("train.jsonl", train).with("melConfig", Json.line(melConfig))
                    .with("normalizer", normalizerSha256).with("settings", Json.line(settings));
            for (Path held : heldOutFiles) {
                if (Files.isRegularFile(held)) {
                    fingerprint.withFile(held.getFileName().toString(), held);
                }
            }
            List<String> names = List.of(CtcRecognizer.HEADER_FILE, CtcRecognizer.WEIGHTS_FILE, HELD_OUT_FILE, Fingerprint.FILE_NAME);
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
            return new Result(recognizer, heldOut, false);
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
            Figures heldOut = new RoundTrip(recognizer, rates, events).score(heldOutRecordings, s -> s, melConfig.sampleRate());
            Files.createDirectories(directory);
            recognizer.save(directory);
            Json.write(directory.resolve(HELD_OUT_FILE), heldOut);
            fingerprint.record(directory);
            events.info(String.format(Locale.ROOT, "recognizer trained on %d recordings: held-out real CER %.3f, WER %.3f (%d recordings)",
                    labelled.size(), heldOut.cer(), heldOut.wer(), heldOut.sentences()));
            return new Result(recognizer, heldOut, true);
        } catch (IOException e) {
            recognizer.close();
            throw new FidelException("cannot save the recognizer into " + directory + ": " + e.getMessage(), e);
        } catch (FidelException | RuntimeException e) {
            recognizer.close();
            throw e;
        }
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
