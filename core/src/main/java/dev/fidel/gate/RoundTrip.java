package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.codec.AudioCodec;
import dev.fidel.metrics.EditScore;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.Recognizer;
import dev.fidel.vocoder.Vocoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The automated listener: transcribes each sentence's {@link Clip} with a {@link Recognizer} and scores CER and WER on
 * the spoken form of the normalized text (punctuation and characters outside the recognizer's inventory left out:
 * {@link dev.fidel.metrics.SpokenForm}) into a {@link Measurement}; a clip with a {@link ClipFinding} is not transcribed and scores CER 1.0.
 * Sentences whose normalized text is in the training split are marked apart from unseen ones. Judging is
 * {@link Verdict}'s.
 */
public final class RoundTrip {

    /** Files in the output directory. */
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_HTML = "report.html";
    public static final String MEASUREMENT_JSON = "measurement.json";
    public static final String AUDIO_FOLDER = "audio";

    private final Recognizer recognizer;
    private final ErrorRates rates;

    /** Scores with {@code rates} on the spoken form for {@code recognizer}'s inventory. */
    public RoundTrip(Recognizer recognizer, ErrorRates rates) {
        this.recognizer = recognizer;
        this.rates = rates.spoken(recognizer.inventory());
    }

    /** The characters of {@code normalizedTexts} that are not scored, and why. */
    public List<NotScored> notScored(List<String> normalizedTexts) {
        return NotScored.in(normalizedTexts, rates.spokenForm());
    }

    /**
     * Scores {@code clips} (one per sentence, at {@code sampleRate}) against {@code sentences}.
     *
     * @param trainingTexts normalized texts of the training split
     * @param stopped per sentence, whether a checkpoint ended every segment itself (null: not a checkpoint)
     */
    public List<SentenceResult> score(List<GateSentence> sentences, List<Clip> clips, int sampleRate, Set<String> trainingTexts,
            List<Boolean> stopped) throws FidelException {
        Set<String> seenTexts = trainingTexts.stream().map(rates::canonical).collect(Collectors.toSet());
        List<float[]> heard = clips.stream().map(c -> c.finding() == null ? c.samples() : new float[0]).toList();
        // All clips at once, so Whisper runs in one child process rather than one per sentence.
        List<String> transcripts = recognizer.transcribe(heard, sampleRate);
        List<SentenceResult> results = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            GateSentence s = sentences.get(i);
            Clip clip = clips.get(i);
            String transcript = clip.finding() == null ? transcripts.get(i) : "";
            ErrorRates.Scores e = rates.score(s.spoken(), transcript);
            EditScore c = e.characters();
            EditScore w = e.words();
            EditScore n = e.charactersIgnoringSpaces();
            results.add(new SentenceResult(i, s.id(), s.text(), s.normalizedText(), transcript, c.edits(), c.referenceLength(),
                    w.edits(), w.referenceLength(), n.edits(), n.referenceLength(),
                    seenTexts.contains(e.reference()), clip.seconds(),
                    stopped == null || stopped.get(i), clip.file() == null ? null : clip.file().toString(), clip.finding(),
                    e.reference(), e.hypothesis()));
        }
        return results;
    }

    /**
     * The recognizer's figures on recordings passed through {@code path} (identity: the real recordings;
     * {@link #codecPath}: the codec ceiling).
     */
    public Figures score(List<Recording> recordings, UnaryOperator<float[]> path, int sampleRate) throws FidelException {
        return Figures.of(results(recordings, path, sampleRate), r -> true);
    }

    /** Each recording passed through {@code path}, heard and scored against its normalized text. */
    List<SentenceResult> results(List<Recording> recordings, UnaryOperator<float[]> path, int sampleRate) throws FidelException {
        // The codec ceiling's path (codec and vocoder) is pure and costs ~5% of real time a clip: clips side by side.
        List<String> transcripts = recognizer.transcribe(recordings.parallelStream().map(r -> path.apply(r.samples())).toList(), sampleRate);
        List<SentenceResult> results = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            String text = recordings.get(i).utterance().normalizedText();
            ErrorRates.Scores e = rates.score(text, transcripts.get(i));
            EditScore c = e.characters();
            EditScore w = e.words();
            EditScore n = e.charactersIgnoringSpaces();
            results.add(new SentenceResult(i, recordings.get(i).utterance().id(), text, text, transcripts.get(i), c.edits(),
                    c.referenceLength(), w.edits(), w.referenceLength(), n.edits(), n.referenceLength(), false, 0, true, null, null,
                    e.reference(), e.hypothesis()));
        }
        return results;
    }

    /** Real audio through the codec's codes and the vocoder: the best a model of this codec could sound. */
    public static UnaryOperator<float[]> codecPath(AudioCodec codec, Vocoder vocoder) {
        MelSpectrogram spectrogram = new MelSpectrogram(vocoder.melConfig());
        return samples -> vocoder.synthesize(codec.decode(codec.encode(spectrogram.compute(samples))));
    }
}
