package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.data.PreparedMels;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.recognition.CtcTrainingReport;
import dev.fidel.recognition.LabelledMel;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate's side of {@link RecognizerCache}: the built-in recognizer learns the prepared recordings' texts in the form
 * the gate scores them ({@link ErrorRates#canonical}), and is measured on the held-out real recordings exactly as the
 * gate scores a synthesis ({@link RoundTrip}). Its figures are kept as {@value #HELD_OUT_FILE} and its
 * {@link ListenerReport} as {@value ListenerReport#FILE_NAME}.
 */
final class RealSpeechScoring implements RecognizerCache.TrainingClips, RecognizerCache.RealSpeechCheck<RealSpeechScoring.HeldOut> {

    public static final String HELD_OUT_FILE = "heldout.json";

    /**
     * The recognizer's figures on held-out real recordings, and its listener report (null when read back from a
     * directory: only the figures are needed then).
     */
    record HeldOut(Figures figures, ListenerReport report) implements RecognizerCache.RealSpeechFigures {

        @Override
        public double cer() {
            return figures.cer();
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "CER %.3f, WER %.3f (%d recordings)", figures.cer(), figures.wer(), figures.sentences());
        }
    }

    private final ErrorRates rates;
    private final TempoPerturbation tempo;
    private final EventSink events;

    /** Scores with {@code rates}; {@code tempo} is what the recognizer is trained with, for its report. */
    RealSpeechScoring(ErrorRates rates, TempoPerturbation tempo, EventSink events) {
        this.rates = rates;
        this.tempo = tempo;
        this.events = events;
    }

    /** The split's recordings as mels, from the cache beside the prepared data where they are there ({@link PreparedMels}). */
    @Override
    public List<LabelledMel> read(Path splitFile, MelConfig melConfig) throws FidelException {
        List<Utterance> utterances = PreparedSplit.utterances(splitFile, Recording.SETTING);
        List<float[][]> mels = PreparedMels.of(splitFile, utterances, melConfig,
                clip -> PreparedSplit.samplesAt(clip, melConfig.sampleRate(), Recording.SETTING), events);
        List<LabelledMel> out = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            out.add(new LabelledMel(u.id(), mels.get(i), rates.canonical(u.normalizedText())));
        }
        return out;
    }


    @Override
    public String scoring() {
        return "spoken form; format " + Measurement.FORMAT_VERSION;
    }

    @Override
    public List<String> files() {
        return List.of(HELD_OUT_FILE, ListenerReport.FILE_NAME);
    }

    @Override
    public HeldOut measure(CtcRecognizer recognizer, CtcTrainingReport training, List<Path> heldOutFiles, int limit)
            throws FidelException {
        List<Recording> recordings = new ArrayList<>();
        for (Path held : heldOutFiles) {
            int left = limit == 0 ? 0 : limit - recordings.size();
            if (limit == 0 || left > 0) {
                recordings.addAll(Recording.read(held, recognizer.melConfig().sampleRate(), left));
            }
        }
        if (recordings.isEmpty()) {
            throw new VerdictException("no held-out recordings in " + heldOutFiles + " to measure the recognizer on");
        }
        List<SentenceResult> heard = new RoundTrip(recognizer, rates).results(recordings, s -> s, recognizer.melConfig().sampleRate());
        return new HeldOut(Figures.of(heard, r -> true),
                ListenerReport.of(recordings, heard, training, tempo, recognizer.characterSet().size() - 1));
    }

    @Override
    public void write(HeldOut heldOut, Path directory) throws IOException {
        Json.write(directory.resolve(HELD_OUT_FILE), heldOut.figures());
        Json.write(directory.resolve(ListenerReport.FILE_NAME), heldOut.report());
    }

    @Override
    public HeldOut recorded(Path directory) throws FidelException {
        try {
            return new HeldOut(Json.read(directory.resolve(HELD_OUT_FILE), Figures.class), null);
        } catch (IOException e) {
            throw new FidelException("recognizer in " + directory + " lacks a readable " + HELD_OUT_FILE + ": "
                    + e.getMessage() + " (delete the folder or use -Dfidel.force)", e);
        }
    }
}
