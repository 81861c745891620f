package dev.fidel.gate;

import dev.fidel.util.BoundedFiles;
import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointReader;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.Recognizer;
import dev.fidel.recognition.whisper.WhisperFailure;
import dev.fidel.recognition.whisper.WhisperRecognizer;
import dev.fidel.recognition.whisper.WhisperSettings;
import dev.fidel.synthesis.SamplingSettings;
import dev.fidel.synthesis.SpeakerReferences;
import dev.fidel.synthesis.SynthesisSettings;
import dev.fidel.synthesis.Synthesizer;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.training.LoadedTts;
import dev.fidel.training.TtsCheckpoints;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocoder.GriffinLim;
import dev.fidel.vocoder.Vocoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code verify-roundtrip} runs: loads a checkpoint, obtains the recognizer (the built-in one from its
 * cache, or Whisper), measures the references (the recognizer on real test recordings, the codec ceiling),
 * synthesizes the sentences greedily and writes the report. {@link RoundTrip#check} gives the verdict.
 */
public final class RoundTripGate {

    /** The recognizers the gate can listen with. */
    public enum RecognizerKind { BUILTIN, WHISPER }

    /**
     * @param checkpoint a TTS checkpoint folder, or a store whose latest is taken
     * @param data the prepared data folder ({@code train.jsonl}, {@code val.jsonl}, {@code test.jsonl})
     * @param sentences a UTF-8 file with one sentence a line, or null for the test split's texts
     * @param maxSentences sentences synthesized at most (0: all)
     * @param referenceSentences real test recordings the references are measured on
     * @param speakerReference the voice to speak with, or null for the first training recording
     * @param referenceFrames mel frames of the speaker reference; 0: what the checkpoint records it was trained with
     * @param recognizer which recognizer listens
     * @param whisperModel the ggml model file when the recognizer is Whisper
     * @param recognizerDirectory where the built-in recognizer is cached
     * @param recognizerSettings how the built-in recognizer is trained
     * @param roundTrip maxCer, baseline, tolerance
     * @param outputDirectory where the report goes
     * @param seed the synthesis seed
     * @param force measure again and retrain the built-in recognizer even when up to date
     * @param vocabulary the vocabulary the checkpoint must have been trained with, or null: the embedded one, not compared
     * @param normalizerProfile the profile sentences are normalized and scored with (null: the built-in one)
     * @param normalizerDrift what a checkpoint trained with another profile does: refused, or reported and the run goes on
     *     with {@code normalizerProfile} (null: {@link NormalizerDrift#FAIL})
     */
    public record Request(Path checkpoint, Path data, Path sentences, int maxSentences, int referenceSentences,
            Path speakerReference, int referenceFrames, RecognizerKind recognizer, Path whisperModel, Path recognizerDirectory,
            RecognizerCache.Settings recognizerSettings,
            RoundTrip.Settings roundTrip, Path outputDirectory, long seed, boolean force, Path vocabulary,
            NormalizerProfile normalizerProfile, NormalizerDrift normalizerDrift) {

        public Request {
            normalizerProfile = normalizerProfile == null ? NormalizerProfile.amharic() : normalizerProfile;
            normalizerDrift = normalizerDrift == null ? NormalizerDrift.FAIL : normalizerDrift;
        }

        /** With the built-in normalizer profile; a checkpoint trained with another is refused. */
        public Request(Path checkpoint, Path data, Path sentences, int maxSentences, int referenceSentences,
                Path speakerReference, int referenceFrames, RecognizerKind recognizer, Path whisperModel, Path recognizerDirectory,
                RecognizerCache.Settings recognizerSettings,
                RoundTrip.Settings roundTrip, Path outputDirectory, long seed, boolean force, Path vocabulary) {
            this(checkpoint, data, sentences, maxSentences, referenceSentences, speakerReference, referenceFrames, recognizer,
                    whisperModel, recognizerDirectory, recognizerSettings, roundTrip, outputDirectory, seed, force, vocabulary, null, null);
        }

        /** Without a vocabulary to compare: the checkpoint's embedded vocabulary is used as it is. */
        public Request(Path checkpoint, Path data, Path sentences, int maxSentences, int referenceSentences,
                Path speakerReference, int referenceFrames, RecognizerKind recognizer, Path whisperModel, Path recognizerDirectory,
                RecognizerCache.Settings recognizerSettings,
                RoundTrip.Settings roundTrip, Path outputDirectory, long seed, boolean force) {
            this(checkpoint, data, sentences, maxSentences, referenceSentences, speakerReference, referenceFrames, recognizer,
                    whisperModel, recognizerDirectory, recognizerSettings, roundTrip, outputDirectory, seed, force, null, null, null);
        }
    }

    public static final String GOAL = "verify-roundtrip";

    private final EventSink events;

    public RoundTripGate(EventSink events) {
        this.events = events;
    }

    /** The checkpoint must have been trained with {@code request.vocabulary()} when it is set (same identity, not just size). */
    private static CheckpointCheck check(Request request) throws FidelException {
        if (request.vocabulary() == null) {
            return CheckpointCheck.none();
        }
        try (Vocabulary vocabulary = Vocabulary.load(request.vocabulary(), request.normalizerProfile())) {
            return CheckpointCheck.none().vocabulary(vocabulary.identity(), vocabulary.size(), "vocabulary");
        }
    }

    /**
     * Refuses report and recognizer folders that are, hold or lie inside an input (or each other), and takes
     * the report folder: a report.json, report.html or audio/ there that verify-roundtrip did not write stays.
     */
    private static void claimOutputs(Request request) throws FidelException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("checkpoint", request.checkpoint());
        inputs.put("data", request.data());
        inputs.put("sentences", request.sentences());
        inputs.put("speakerReference", request.speakerReference());
        inputs.put("whisperModel", request.whisperModel());
        inputs.put("vocabulary", request.vocabulary());
        inputs.put("baseline", request.roundTrip().baseline());
        OutputPlacement.refuseOverlap(request.recognizerDirectory(), "recognizerDirectory", inputs);
        inputs.put("recognizerDirectory", request.recognizerDirectory());
        OutputPlacement.refuseOverlap(request.outputDirectory(), "outputDirectory", inputs);
        List<String> names = List.of(RoundTrip.REPORT_JSON, RoundTrip.REPORT_HTML, RoundTrip.AUDIO_FOLDER,
                Fingerprint.stampName(RoundTrip.REPORT_JSON));
        try {
            OwnedFolder.take(request.outputDirectory(), GOAL, "outputDirectory", names::contains, names)
                    .release(Fingerprint.earlierStampName(RoundTrip.REPORT_JSON));
        } catch (IOException e) {
            throw new FidelException("cannot write into " + request.outputDirectory() + ": " + e.getMessage(), "outputDirectory", e);
        }
    }

    /**
     * The checkpoint's normalizer profile against the configured one, from its {@code checkpoint.json} alone (before any
     * weights or recognizer): refused under {@link NormalizerDrift#FAIL}; under {@link NormalizerDrift#REPORT} the
     * difference, rule by rule, is logged and returned for the report.
     */
    private List<String> normalizerDrift(Path folder, Request request) throws FidelException {
        List<String> drift = CheckpointReader.open(folder, "checkpoint")
                .verify(CheckpointCheck.none().normalizer(request.normalizerProfile(), request.normalizerDrift()));
        for (String d : drift) {
            events.warn(d + "\n" + NormalizerDrift.SETTING + " is REPORT: going on; sentences are normalized and scored with the "
                    + "current profile, then tokenized by the checkpoint's vocabulary");
        }
        return drift;
    }

    public RoundTripReport run(Request request) throws FidelException {
        claimOutputs(request);
        Path folder = CheckpointStore.resolve(request.checkpoint(), "checkpoint", events);
        Fingerprint fingerprint = fingerprint(request, folder);
        Path reportFile = request.outputDirectory().resolve(RoundTrip.REPORT_JSON);
        String stale;
        try {
            stale = request.force() ? "-Dfidel.force" : fingerprint.staleReasonOfFile(reportFile);
        } catch (IOException e) {
            throw new FidelException("cannot read " + reportFile + ": " + e.getMessage(), "outputDirectory", e);
        }
        if (stale == null) {
            RoundTripReport report = readReport(reportFile);
            events.info(String.format(Locale.ROOT, "verify-roundtrip: up to date (same checkpoint, data, sentences, recognizer "
                    + "and settings as %s): CER %.3f over %d sentences, %s", reportFile, report.overall().cer(),
                    report.overall().sentences(), report.passed() ? "passed" : "failed"));
            return report;
        }
        events.info("verify-roundtrip: " + stale);
        RoundTripReport report = measure(request, folder);
        try {
            fingerprint.recordFile(reportFile);
        } catch (IOException e) {
            throw new FidelException("cannot write beside " + reportFile + ": " + e.getMessage(), "outputDirectory", e);
        }
        return report;
    }

    /**
     * Everything the report depends on: the checkpoint by content (its {@code checkpoint.json} records every
     * file's SHA-256), the splits, the sentences, the voice, the recognizer and every setting.
     */
    private static Fingerprint fingerprint(Request request, Path folder) throws FidelException {
        Fingerprint f = new Fingerprint("verify-roundtrip");
        try {
            f.withFile("checkpoint", folder.resolve(CheckpointStore.INFO));
            for (String split : List.of("train.jsonl", "test.jsonl")) {
                Path file = request.data().resolve(split);
                f.with(split, Files.isRegularFile(file) ? Sha256.of(file) : "absent");
            }
            if (request.sentences() != null && Files.isRegularFile(request.sentences())) {
                f.withFile("sentences", request.sentences());
            }
            if (request.speakerReference() != null && Files.isRegularFile(request.speakerReference())) {
                f.withFile("speakerReference", request.speakerReference());
            }
            if (request.recognizer() == RecognizerKind.WHISPER && request.whisperModel() != null
                    && Files.isRegularFile(request.whisperModel())) {
                f.withFile("whisperModel", request.whisperModel());
            }
            if (request.vocabulary() != null && Files.exists(request.vocabulary())) {
                Path model = Files.isDirectory(request.vocabulary())
                        ? request.vocabulary().resolve(dev.fidel.vocabulary.VocabularyInfo.MODEL_FILE_NAME) : request.vocabulary();
                f.with("vocabulary", Files.isRegularFile(model) ? Sha256.of(model) : model.toString());
            }
            if (request.roundTrip().baseline() != null && Files.isRegularFile(request.roundTrip().baseline())) {
                f.withFile("baseline", request.roundTrip().baseline());
            }
        } catch (IOException e) {
            throw new FidelException("cannot read an input of verify-roundtrip: " + e.getMessage(), "checkpoint", e);
        }
        return f.with("maxSentences", request.maxSentences()).with("referenceSentences", request.referenceSentences())
                .with("referenceFrames", request.referenceFrames()).with("recognizer", request.recognizer())
                .with("recognizerSettings", Json.line(request.recognizerSettings())).with("maxCer", request.roundTrip().maxCer())
                .with("tolerance", request.roundTrip().tolerance()).with("baselinePath", request.roundTrip().baseline())
                .with("seed", request.seed())
                .with("normalizerProfile", request.normalizerProfile().sha256())
                .with("normalizerDrift", request.normalizerDrift());
    }

    private static RoundTripReport readReport(Path file) throws FidelException {
        try {
            return Json.MAPPER.readValue(file.toFile(), RoundTripReport.class);
        } catch (IOException e) {
            throw new FidelException("cannot read the earlier report " + file + " (delete it or run with -Dfidel.force): "
                    + e.getMessage(), "outputDirectory", e);
        }
    }

    /** Runs the round trip on the checkpoint {@code folder} ({@code request.checkpoint()} resolved). */
    private RoundTripReport measure(Request request, Path folder) throws FidelException {
        List<String> drift = normalizerDrift(folder, request);
        List<String> sentences = sentences(request);
        Path train = request.data().resolve("train.jsonl");
        Set<String> trainingTexts = Files.isRegularFile(train)
                ? Recording.utterances(train).stream().map(Utterance::normalizedText).collect(Collectors.toSet()) : Set.of();
        try (LoadedTts tts = TtsCheckpoints.load(folder, check(request), events)) {
            MelConfig mel = tts.melConfig();
            AmharicNormalizer normalizer = new AmharicNormalizer(request.normalizerProfile());
            ErrorRates rates = new ErrorRates(normalizer);
            Vocoder vocoder = GriffinLim.defaults(mel);
            Path test = request.data().resolve("test.jsonl");
            List<Recording> real = Files.isRegularFile(test) ? Recording.read(test, mel.sampleRate(), request.referenceSentences())
                    : List.of();
            Figures recognizerOnReal = null;
            try (Recognizer recognizer = recognizer(request, mel, tts, rates)) {
                if (recognizer instanceof RecognizedWithFigures known) {
                    recognizerOnReal = known.heldOut();
                }
                RoundTrip roundTrip = new RoundTrip(recognizer, rates, events);
                if (recognizerOnReal == null && !real.isEmpty()) {
                    recognizerOnReal = roundTrip.score(real, s -> s, mel.sampleRate());
                }
                Figures ceiling = real.isEmpty() ? null
                        : roundTrip.score(real, RoundTrip.codecPath(tts.codec(), vocoder), mel.sampleRate());
                if (ceiling != null) {
                    events.info(String.format(Locale.ROOT, "references on %d real test recordings: recognizer CER %.3f, "
                            + "codec ceiling (codes + vocoder) CER %.3f", real.size(), recognizerOnReal.cer(), ceiling.cer()));
                }
                SpeakerReferences references = new SpeakerReferences(mel, tts.codec()::normalize,
                        request.referenceFrames() > 0 ? request.referenceFrames() : tts.referenceFrames());
                SpeakerReferences.Reference speaker = references.of(speakerClip(request));
                // Greedy, so a checkpoint's figure does not depend on a draw; at most 8 codes per character (~2x the corpus).
                SynthesisSettings synthesis = SynthesisSettings.defaults(SamplingSettings.greedy(tts.config().maxCodeTokens()))
                        .withMaxCodesPerCharacter(8);
                // Without drift the vocabulary's own normalizer is the current profile; with a reported drift the current
                // profile normalizes first (the vocabulary's normalizer then finds little left to change).
                Synthesizer synthesizer = drift.isEmpty() ? Synthesizer.of(tts, vocoder, synthesis)
                        : new Synthesizer(tts.model(), tts.parameters(), tts.manager(), tts.codec(),
                                (text, maxTokens) -> tts.vocabulary().segment(normalizer.normalize(text), maxTokens), vocoder, synthesis);
                Map<String, String> inputs = new LinkedHashMap<>();
                inputs.put("checkpoint", tts.folder().toString());
                inputs.put("checkpointStep", String.valueOf(tts.step()));
                inputs.put("recognizer", request.recognizer().name().toLowerCase(Locale.ROOT));
                inputs.put("sentences", request.sentences() == null ? test.toString() : request.sentences().toString());
                inputs.put("speakerSha256", speaker.sha256());
                inputs.put("seed", String.valueOf(request.seed()));
                inputs.put("normalizerSha256", request.normalizerProfile().sha256());
                RoundTripReport report = roundTrip.run(text -> synthesizer.synthesize(text, speaker, request.seed()),
                        sentences, trainingTexts, recognizerOnReal, ceiling, inputs, request.roundTrip(), request.outputDirectory(), drift);
                events.info(String.format(Locale.ROOT, "round trip of %d sentences: CER %.3f, WER %.3f%s%s; report %s",
                        report.overall().sentences(), report.overall().cer(), report.overall().wer(),
                        report.unseen() == null ? "" : String.format(Locale.ROOT, " (unseen %.3f)", report.unseen().cer()),
                        report.seen() == null ? "" : String.format(Locale.ROOT, " (seen %.3f)", report.seen().cer()),
                        request.outputDirectory().resolve(RoundTrip.REPORT_HTML)));
                return report;
            } catch (WhisperFailure e) {
                throw e.fidelException();
            }
        }
    }

    /** A recognizer that arrives with its own held-out figures (the built-in one from its cache). */
    private interface RecognizedWithFigures {
        Figures heldOut();
    }

    private Recognizer recognizer(Request request, MelConfig mel, LoadedTts tts, ErrorRates rates) throws FidelException {
        if (request.recognizer() == RecognizerKind.WHISPER) {
            return WhisperRecognizer.open(WhisperSettings.of(request.whisperModel(), mel));
        }
        RecognizerCache.Result result = new RecognizerCache(request.recognizerDirectory(), events)
                .obtain(request.data(), mel, tts.normalizer().sha256(), rates, request.recognizerSettings(), request.force());
        return new BuiltIn(result);
    }

    /** The cached CTC recognizer, carrying its held-out figures. */
    private record BuiltIn(RecognizerCache.Result result) implements Recognizer, RecognizedWithFigures {
        @Override
        public MelConfig melConfig() {
            return result.recognizer().melConfig();
        }

        @Override
        public List<String> transcribe(List<float[][]> mels) {
            return result.recognizer().transcribe(mels);
        }

        @Override
        public Figures heldOut() {
            return result.heldOut();
        }

        @Override
        public void close() {
            result.recognizer().close();
        }
    }

    private static Path speakerClip(Request request) throws FidelException {
        if (request.speakerReference() != null) {
            return request.speakerReference();
        }
        Path train = request.data().resolve("train.jsonl");
        List<Utterance> utterances = Recording.utterances(train);
        if (utterances.isEmpty()) {
            throw new FidelException(train + " is empty: set speakerReference to a recording of the voice", "speakerReference", null);
        }
        return train.toAbsolutePath().getParent().resolve(utterances.get(0).audio());
    }

    private static List<String> sentences(Request request) throws FidelException {
        List<String> all;
        if (request.sentences() != null) {
            try {
                all = BoundedFiles.lines(request.sentences(), BoundedFiles.Kind.LINES, "sentences").stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            } catch (IOException e) {
                throw new FidelException("cannot read the sentences file " + request.sentences() + ": " + e.getMessage(), "sentences", e);
            }
        } else {
            all = Recording.utterances(request.data().resolve("test.jsonl")).stream().map(Utterance::text).toList();
        }
        if (all.isEmpty()) {
            throw new FidelException("no sentences in " + (request.sentences() != null ? request.sentences()
                    : request.data().resolve("test.jsonl")), "sentences", null);
        }
        return request.maxSentences() > 0 && all.size() > request.maxSentences() ? all.subList(0, request.maxSentences()) : all;
    }
}
