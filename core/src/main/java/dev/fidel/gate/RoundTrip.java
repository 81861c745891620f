package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.codec.AudioCodec;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.EditScore;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.Recognizer;
import dev.fidel.recognition.whisper.WhisperFailure;
import dev.fidel.recognition.whisper.WhisperRecognizer;
import dev.fidel.synthesis.Synthesis;
import dev.fidel.synthesis.TextToSpeech;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import dev.fidel.vocoder.Vocoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The automated listener: synthesizes each sentence, transcribes it with a {@link Recognizer}, scores
 * CER and WER on normalized text, and judges the model against {@code maxCer} and a baseline report.
 * Sentences whose normalized text is in the training split are scored apart from unseen ones.
 */
public final class RoundTrip {

    /** Files in the output directory. */
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_HTML = "report.html";
    public static final String AUDIO_FOLDER = "audio";

    /**
     * @param maxCer the limit on the overall CER
     * @param baseline an earlier {@code report.json} (null: none)
     * @param tolerance how much the CER may exceed the baseline's
     * @param worstListed how many of the worst sentences a failure names
     */
    public record Settings(double maxCer, Path baseline, double tolerance, int worstListed) {
    }

    private final Recognizer recognizer;
    private final ErrorRates rates;
    private final EventSink events;

    public RoundTrip(Recognizer recognizer, ErrorRates rates, EventSink events) {
        this.recognizer = recognizer;
        this.rates = rates;
        this.events = events;
    }

    /**
     * Runs the round trip, writes {@code report.json}, {@code report.html} and {@code audio/<i>.wav} into
     * {@code outputDirectory}, and returns the report; {@link #check} turns it into a verdict.
     *
     * @param trainingTexts normalized texts of the training split
     * @param references figures of the recognizer on real recordings and of the codec ceiling (either may be null)
     */
    public RoundTripReport run(TextToSpeech speech, List<String> sentences, Set<String> trainingTexts,
            Figures recognizerOnReal, Figures codecCeiling, Map<String, String> inputs, Settings settings,
            Path outputDirectory) throws FidelException {
        return run(speech, sentences, trainingTexts, recognizerOnReal, codecCeiling, inputs, settings, outputDirectory, List.of());
    }

    /** As {@link #run(TextToSpeech, List, Set, Figures, Figures, Map, Settings, Path)}, with {@code warnings} for the report. */
    public RoundTripReport run(TextToSpeech speech, List<String> sentences, Set<String> trainingTexts,
            Figures recognizerOnReal, Figures codecCeiling, Map<String, String> inputs, Settings settings,
            Path outputDirectory, List<String> warnings) throws FidelException {
        if (sentences.isEmpty()) {
            throw new FidelException("no sentences to synthesize", "sentences", null);
        }
        Set<String> seenTexts = trainingTexts.stream().map(rates::canonical).collect(Collectors.toSet());
        List<SentenceResult> results = new ArrayList<>();
        List<byte[]> wavs = new ArrayList<>();
        List<float[][]> mels = new ArrayList<>();
        double synthesisSeconds = 0;
        double audioSeconds = 0;
        List<Synthesis> spoken = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            long t0 = System.nanoTime();
            Synthesis s = speech.speak(sentences.get(i));
            synthesisSeconds += (System.nanoTime() - t0) / 1e9;
            audioSeconds += s.seconds();
            spoken.add(s);
            events.progress("synthesis", i + 1, sentences.size(), String.format(Locale.ROOT, "%.1f s of audio", s.seconds()));
        }
        // All sentences at once, so Whisper runs in one child process rather than one per sentence.
        List<String> transcripts = transcribe(spoken.stream().map(Synthesis::samples).toList(),
                spoken.isEmpty() ? 0 : spoken.get(0).sampleRate());
        for (int i = 0; i < sentences.size(); i++) {
            String text = sentences.get(i);
            Synthesis s = spoken.get(i);
            String transcript = transcripts.get(i);
            EditScore c = rates.characters(text, transcript);
            EditScore w = rates.words(text, transcript);
            boolean stopped = s.segments().stream().allMatch(Synthesis.SegmentResult::stopped);
            SentenceResult r = new SentenceResult(i, text, transcript, c.edits(), c.referenceLength(), w.edits(),
                    w.referenceLength(), seenTexts.contains(rates.canonical(text)), s.seconds(), stopped);
            results.add(r);
            wavs.add(s.wavBytes());
            mels.add(s.mel());
        }
        Figures overall = Figures.of(results, r -> true);
        RoundTripReport.BaselineComparison baseline = settings.baseline() == null ? null
                : compare(settings.baseline(), settings.tolerance(), overall.cer());
        List<String> failures = new ArrayList<>();
        if (overall.cer() > settings.maxCer()) {
            failures.add(String.format(Locale.ROOT, "CER %.3f over %d sentences is above maxCer %.3f", overall.cer(),
                    overall.sentences(), settings.maxCer()));
        }
        if (baseline != null && baseline.regressed()) {
            failures.add(String.format(Locale.ROOT, "CER %.3f regressed from the baseline's %.3f by more than the tolerance %.3f (%s)",
                    overall.cer(), baseline.baselineCer(), baseline.tolerance(), baseline.file()));
        }
        RoundTripReport report = new RoundTripReport(RoundTripReport.FORMAT, RoundTripReport.FORMAT_VERSION, inputs,
                overall, Figures.of(results, SentenceResult::seenInTraining), Figures.of(results, r -> !r.seenInTraining()),
                recognizerOnReal, codecCeiling, audioSeconds == 0 ? 0 : synthesisSeconds / audioSeconds,
                settings.maxCer(), baseline, failures.isEmpty(), List.copyOf(failures), List.copyOf(results), warnings);
        write(report, wavs, mels, outputDirectory);
        return report;
    }

    /** Throws when the report failed, naming the worst sentences. */
    public static void check(RoundTripReport report, int worstListed) throws VerdictException {
        if (report.passed()) {
            return;
        }
        StringBuilder message = new StringBuilder(String.join("; ", report.failures()));
        message.append(". Worst sentences:");
        report.sentences().stream().sorted(Comparator.comparingDouble(SentenceResult::cer).reversed()).limit(worstListed)
                .forEach(r -> message.append(String.format(Locale.ROOT, "%n  #%d CER %.3f: \"%s\" heard as \"%s\"",
                        r.index(), r.cer(), r.text(), r.transcript())));
        throw new VerdictException(message.toString(), report.failures().get(0).contains("baseline") ? "baseline" : "maxCer");
    }

    /**
     * The recognizer's figures on recordings passed through {@code path} (identity: the real recordings;
     * {@link #codecPath}: the codec ceiling).
     */
    public Figures score(List<Recording> recordings, UnaryOperator<float[]> path, int sampleRate) {
        List<String> transcripts = transcribe(recordings.stream().map(r -> path.apply(r.samples())).toList(), sampleRate);
        List<SentenceResult> results = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            String text = recordings.get(i).utterance().normalizedText();
            EditScore c = rates.characters(text, transcripts.get(i));
            EditScore w = rates.words(text, transcripts.get(i));
            results.add(new SentenceResult(i, text, transcripts.get(i), c.edits(), c.referenceLength(), w.edits(),
                    w.referenceLength(), false, 0, true));
        }
        return Figures.of(results, r -> true);
    }

    /** Real audio through the codec's codes and the vocoder: the best a model of this codec could sound. */
    public static UnaryOperator<float[]> codecPath(AudioCodec codec, Vocoder vocoder) {
        MelSpectrogram spectrogram = new MelSpectrogram(vocoder.melConfig());
        return samples -> vocoder.synthesize(codec.decode(codec.encode(spectrogram.compute(samples))));
    }

    /** Transcripts of clips at {@code sampleRate}; empty clips are heard as nothing. */
    private List<String> transcribe(List<float[]> clips, int sampleRate) {
        int wanted = recognizer.melConfig().sampleRate();
        List<float[]> audible = clips.stream().filter(c -> c.length > 0)
                .map(c -> sampleRate == wanted ? c : resample(c, sampleRate, wanted)).toList();
        List<String> heard;
        if (recognizer instanceof WhisperRecognizer whisper) {
            try {
                heard = audible.isEmpty() ? List.of() : whisper.transcribeClips(audible);
            } catch (FidelException e) {
                throw new WhisperFailure(e);
            }
        } else {
            heard = audible.stream().map(recognizer::transcribeAudio).toList();
        }
        List<String> out = new ArrayList<>();
        int next = 0;
        for (float[] clip : clips) {
            out.add(clip.length == 0 ? "" : heard.get(next++));
        }
        return out;
    }

    /** Linear interpolation; enough for a recognizer's input. */
    static float[] resample(float[] samples, int from, int to) {
        int n = (int) ((long) samples.length * to / from);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double x = (double) i * from / to;
            int a = (int) x;
            int b = Math.min(a + 1, samples.length - 1);
            double t = x - a;
            out[i] = (float) (samples[a] * (1 - t) + samples[b] * t);
        }
        return out;
    }

    private static RoundTripReport.BaselineComparison compare(Path file, double tolerance, double cer) throws FidelException {
        RoundTripReport baseline;
        try {
            baseline = Json.read(file, RoundTripReport.class, "baseline");
        } catch (IOException e) {
            throw new FidelException("baseline " + file + " is not a round-trip report.json: " + e.getMessage(), "baseline", e);
        }
        if (!RoundTripReport.FORMAT.equals(baseline.format()) || baseline.overall() == null) {
            throw new FidelException("baseline " + file + " is not a " + RoundTripReport.FORMAT + " (format "
                    + baseline.format() + ")", "baseline", null);
        }
        double limit = baseline.overall().cer() + tolerance;
        return new RoundTripReport.BaselineComparison(file.toString(), baseline.overall().cer(), tolerance, cer, cer > limit);
    }

    private static void write(RoundTripReport report, List<byte[]> wavs, List<float[][]> mels, Path dir) throws FidelException {
        try {
            // Each file claimed and recorded with its SHA-256: a file of the user's (or one changed since) is never written over.
            OwnedFolder owned = OwnedFolder.inspect(dir, RoundTripGate.GOAL, "outputDirectory");
            owned.folder(AUDIO_FOLDER);
            for (int i = 0; i < wavs.size(); i++) {
                owned.write(AUDIO_FOLDER + "/" + i + ".wav", wavs.get(i));
            }
            owned.write(REPORT_JSON, Json.write(report).getBytes(StandardCharsets.UTF_8));
            owned.write(REPORT_HTML, ReportHtml.render(report, wavs, mels).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FidelException("cannot write the round-trip report into " + dir + ": " + e.getMessage(), "outputDirectory", e);
        }
    }
}
