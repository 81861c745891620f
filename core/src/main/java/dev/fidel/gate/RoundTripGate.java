package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointReader;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.NormalizerDrift;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code verify-roundtrip} runs. It measures, then judges: the {@link Measurement} (the recognizer checked on real
 * recordings first, then each sentence's clip from the {@linkplain GateRequest.SynthesizerChoice synthesizer}
 * transcribed and scored) is cached by a fingerprint of what it depends on; the {@link Verdict} is computed on every
 * run from the measurement and the thresholds, so changing {@code maxCer}, {@code tolerance} or the baseline judges
 * again in seconds.
 */
public final class RoundTripGate {

    public static final String GOAL = "verify-roundtrip";

    private final EventSink events;

    public RoundTripGate(EventSink events) {
        this.events = events;
    }

    public RoundTripReport run(GateRequest request) throws FidelException {
        claimOutputs(request);
        Path checkpointFolder = request.synthesizer() instanceof GateRequest.FromCheckpoint c
                ? CheckpointStore.resolve(c.checkpoint(), "checkpoint", events) : null;
        AmharicNormalizer normalizer = new AmharicNormalizer(request.normalizerProfile());
        List<GateSentence> sentences = GateSentence.read(request.sentences(), normalizer);
        Fingerprint fingerprint = MeasurementFingerprint.of(request, checkpointFolder, sentences);
        Path out = request.outputDirectory();
        Path measurementFile = out.resolve(RoundTrip.MEASUREMENT_JSON);
        String stale;
        try {
            stale = request.force() ? "-Dfidel.force" : fingerprint.staleReasonOfFile(measurementFile);
        } catch (IOException e) {
            throw new FidelException("cannot read " + measurementFile + ": " + e.getMessage(), "outputDirectory", e);
        }
        Measurement measurement;
        if (stale == null) {
            measurement = ReportFiles.readMeasurement(out);
            events.info("verify-roundtrip: measurement up to date (same synthesizer, sentences, recognizer and data as "
                    + measurementFile + "): judged again, nothing synthesized");
            ListenerCheck.require("the recognizer of " + measurementFile, measurement.recognizerOnRealRecordings(),
                    request.listening().maxRecognizerCer(), "run with -Dfidel.force to train and measure it again", "maxRecognizerCer");
        } else {
            events.info("verify-roundtrip: " + stale);
            measurement = measure(request, checkpointFolder, sentences, normalizer);
            ReportFiles.writeMeasurement(measurement, out);
            try {
                fingerprint.recordFile(measurementFile);
            } catch (IOException e) {
                throw new FidelException("cannot write beside " + measurementFile + ": " + e.getMessage(), "outputDirectory", e);
            }
        }
        Thresholds thresholds = request.thresholds();
        Verdict verdict = Verdict.judge(measurement, thresholds, thresholds.baseline() == null ? null : Baseline.read(thresholds.baseline()));
        RoundTripReport report = RoundTripReport.of(measurement, verdict, thresholds);
        ReportFiles.writeReport(report, out);
        events.info(String.format(Locale.ROOT, "round trip of %d sentences: CER %.3f (ignoring spaces %.3f), WER %.3f%s%s%s, %s; report %s",
                report.overall().sentences(), report.overall().cer(), report.overall().cerIgnoringSpaces(), report.overall().wer(),
                report.unseen() == null ? "" : String.format(Locale.ROOT, " (unseen %.3f)", report.unseen().cer()),
                report.seen() == null ? "" : String.format(Locale.ROOT, " (seen %.3f)", report.seen().cer()),
                measurement.findings().isEmpty() ? "" : ", " + measurement.findings().size() + " clips not heard",
                report.passed() ? "passed" : "failed", out.resolve(RoundTrip.REPORT_HTML)));
        return report;
    }

    /**
     * Refuses report and recognizer folders that are, hold or lie inside an input (or each other), and takes
     * the report folder: an entry there of one of the gate's names that verify-roundtrip did not write stays.
     */
    private static void claimOutputs(GateRequest request) throws FidelException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("data", request.sentences().data());
        inputs.put("sentences", request.sentences().file());
        if (request.synthesizer() instanceof GateRequest.FromCheckpoint c) {
            inputs.put("checkpoint", c.checkpoint());
            inputs.put("speakerReference", c.speakerReference());
            inputs.put("vocabulary", c.vocabulary());
        } else if (request.synthesizer() instanceof GateRequest.FromCommand c) {
            for (int i = 0; i < c.inputs().size(); i++) {
                inputs.put("synthesizer/inputs[" + i + "]", c.inputs().get(i));
            }
        } else if (request.synthesizer() instanceof GateRequest.FromRecordings r) {
            inputs.put("synthesizer/recordings", r.folder());
        }
        inputs.put("whisperModel", request.listening().whisperModel());
        inputs.put("baseline", request.thresholds().baseline());
        OutputPlacement.refuseOverlap(request.listening().recognizerDirectory(), "recognizerDirectory", inputs);
        inputs.put("recognizerDirectory", request.listening().recognizerDirectory());
        OutputPlacement.refuseOverlap(request.outputDirectory(), "outputDirectory", inputs);
        List<String> names = List.of(RoundTrip.REPORT_JSON, RoundTrip.REPORT_HTML, RoundTrip.MEASUREMENT_JSON, RoundTrip.AUDIO_FOLDER,
                CommandSynthesizer.LOG_FOLDER, CerHistory.FILE_NAME, CerHistory.CHART_FILE, Fingerprint.stampName(RoundTrip.MEASUREMENT_JSON), Fingerprint.stampName(RoundTrip.REPORT_JSON));
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
    private List<String> normalizerDrift(Path folder, GateRequest request) throws FidelException {
        List<String> drift = CheckpointReader.open(folder, "checkpoint")
                .verify(CheckpointCheck.none().normalizer(request.normalizerProfile(), request.normalizerDrift()));
        for (String d : drift) {
            events.warn(d + "\n" + NormalizerDrift.SETTING + " is REPORT: going on; sentences are normalized and scored with the "
                    + "current profile, then tokenized by the checkpoint's vocabulary");
        }
        return drift;
    }

    /** Checks the listener on real speech, then hears every sentence's clip. */
    private Measurement measure(GateRequest request, Path checkpointFolder, List<GateSentence> sentences, AmharicNormalizer normalizer)
            throws FidelException {
        List<String> drift = checkpointFolder == null ? List.of() : normalizerDrift(checkpointFolder, request);
        Path data = request.sentences().data();
        Path train = data.resolve("train.jsonl");
        Set<String> trainingTexts = Files.isRegularFile(train)
                ? PreparedSplit.utterances(train, Recording.SETTING).stream().map(Utterance::normalizedText).collect(Collectors.toSet()) : Set.of();
        ErrorRates rates = new ErrorRates(normalizer);
        try (CheckpointVoice voice = checkpointFolder == null ? null : CheckpointVoice.open(checkpointFolder,
                (GateRequest.FromCheckpoint) request.synthesizer(), request, drift, normalizer, events)) {
            MelConfig mel = voice != null ? voice.melConfig() : MelConfig.defaults();
            String normalizerSha256 = voice != null ? voice.normalizerSha256() : request.normalizerProfile().sha256();
            Path test = data.resolve("test.jsonl");
            List<Recording> real = Files.isRegularFile(test)
                    ? Recording.read(test, mel.sampleRate(), request.listening().referenceSentences()) : List.of();
            try (Listener listener = Listener.open(request.listening(), data, mel, normalizerSha256, rates, request.force(), events)) {
                RoundTrip roundTrip = new RoundTrip(listener.recognizer(), rates);
                Figures onReal = listener.onReal(roundTrip, real, mel.sampleRate());
                listener.requireFit(onReal);
                Figures ceiling = voice == null || real.isEmpty() ? null : roundTrip.score(real, voice.codecPath(), mel.sampleRate());
                events.info(String.format(Locale.ROOT, "references: recognizer on %d real recordings CER %.3f%s", onReal.sentences(),
                        onReal.cer(), ceiling == null ? "" : String.format(Locale.ROOT, "; codec ceiling (codes + vocoder) CER %.3f on %d",
                                ceiling.cer(), ceiling.sentences())));
                long started = System.nanoTime();
                Map<String, String> identity = new LinkedHashMap<>();
                List<Clip> clips;
                List<Boolean> stopped = null;
                if (voice != null) {
                    CheckpointVoice.Spoken spoken = voice.speak(sentences, ReportFiles.owned(request.outputDirectory()), events);
                    clips = spoken.clips();
                    stopped = spoken.stopped();
                    identity.putAll(voice.identity());
                } else if (request.synthesizer() instanceof GateRequest.FromCommand c) {
                    clips = new CommandSynthesizer(c, ReportFiles.owned(request.outputDirectory()), events).speak(sentences, mel.sampleRate());
                    identity.putAll(MeasurementFingerprint.identity(c));
                } else {
                    GateRequest.FromRecordings r = (GateRequest.FromRecordings) request.synthesizer();
                    clips = sentences.stream().map(s -> Clip.read(r.folder().resolve(s.id() + ".wav"), mel.sampleRate(),
                            s.normalizedText().codePointCount(0, s.normalizedText().length()))).toList();
                    identity.put("kind", "recordings");
                    identity.put("recordings", r.folder().toString());
                }
                double synthesisSeconds = (System.nanoTime() - started) / 1e9;
                double audioSeconds = clips.stream().mapToDouble(Clip::seconds).sum();
                List<SentenceResult> results = roundTrip.score(sentences, clips, mel.sampleRate(), trainingTexts, stopped);
                Map<String, String> inputs = new LinkedHashMap<>();
                inputs.put("recognizer", listener.name());
                if (request.listening().recognizer() != GateRequest.RecognizerKind.WHISPER) {
                    inputs.put("listenerReport", request.listening().recognizerDirectory().resolve(ListenerReport.FILE_NAME).toString());
                }
                inputs.put("sentences", request.sentences().file() == null ? test.toString() : request.sentences().file().toString());
                inputs.put("normalizerSha256", request.normalizerProfile().sha256());
                return new Measurement(Measurement.FORMAT, Measurement.FORMAT_VERSION, identity, inputs, results, onReal, ceiling,
                        request.synthesizer() instanceof GateRequest.FromRecordings || audioSeconds == 0 ? 0 : synthesisSeconds / audioSeconds,
                        drift, roundTrip.notScored(sentences.stream().map(GateSentence::normalizedText).toList()));
            }
        }
    }
}
