package dev.fidel.data;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.event.EventSink;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.SettingsFingerprint;
import dev.fidel.util.Sha256;
import dev.fidel.util.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The prepare-data service: reads a corpus, decodes and checks every utterance, and writes the
 * train/val/test splits, the normalized audio, {@code rejected.jsonl}, {@code manifest.json} and the
 * normalizer profile it used ({@code normalizer-profile.json}, a copy for users to edit).
 *
 * <p>Everything is written into a staging folder beside the output and moved into place at the end,
 * so a reader never sees half a data set. The run is skipped when a fingerprint of the corpus files'
 * SHA-256, the settings, the normalizer profile and the Fidel version matches the last one.
 * Decoding runs on a small thread pool; results are gathered in corpus order, so the output is the
 * same whatever the thread count.
 */
public final class PrepareData {

    public static final String TASK = "prepare-data";
    public static final String REJECTED_FILE = "rejected.jsonl";
    public static final String AUDIO_FOLDER = "audio";
    private static final int LOGGED_REJECTIONS = 20;

    private final NormalizerProfile profile;
    /** The file {@code <normalizerProfile>} names, or null for the built-in profile: an input the output must not touch. */
    private final Path profileFile;
    private final AmharicNormalizer normalizer;

    public PrepareData() {
        this(NormalizerProfile.amharic());
    }

    public PrepareData(NormalizerProfile profile) {
        this(profile, null);
    }

    /** @param profileFile the file {@code profile} was read from ({@code <normalizerProfile>}), or null */
    public PrepareData(NormalizerProfile profile, Path profileFile) {
        this.profile = profile;
        this.profileFile = profileFile;
        this.normalizer = new AmharicNormalizer(profile);
    }

    public PrepareDataResult run(PrepareDataRequest request, EventSink events) throws FidelException {
        long started = System.nanoTime();
        validate(request);
        Path corpus = request.corpusDirectory().toAbsolutePath().normalize();
        Path out = OutputPlacement.output(request.outputDirectory(), "outputDirectory");
        Map<String, Path> read = new HashMap<>();
        read.put("corpusDirectory", corpus);
        read.put(NormalizerProfile.SETTING, profileFile);
        OutputPlacement.refuseOverlap(out, "outputDirectory", read);
        ExecutorService pool = Executors.newFixedThreadPool(request.threads(), r -> {
            Thread t = new Thread(r, "fidel-prepare-data");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Path> files = listCorpus(corpus);
            Map<String, String> inputs = hashAll(corpus, files, pool);
            SettingsFingerprint settings = settings(inputs, profile.sha256(), request.sampleRate(), request.limits(),
                    request.maxRejectedRatio(), Versions.FIDEL);
            // The stamp marks the work complete whatever the verdict: maxRejectedRatio only judges it, every run again.
            Fingerprint fingerprint = new Fingerprint(TASK).with("formatVersion", DataManifest.FORMAT_VERSION)
                    .with("identity", settings.identity())
                    .with("peerTrainingLists", PeerTrainingLists.FORMAT_VERSION);
            String stale = request.force() ? "forced by -Dfidel.force" : fingerprint.staleReason(out);
            if (stale == null) {
                stale = StagedOutput.incompleteness(out);
            }
            DataManifest earlier = readManifest(out);
            if (stale == null && earlier != null) {
                return judgeAgain(PreparedData.of(out, earlier), settings, files.size(), request, events, started);
            }
            String changed = earlier == null || request.force() ? "" : changes(earlier, settings, inputs);
            events.info(TASK + ": preparing " + files.size() + " corpus files from " + corpus + " ("
                    + (stale == null ? "earlier manifest unreadable" : stale) + (changed.isEmpty() ? "" : ": " + changed) + ")");
            return prepare(request, corpus, files, inputs, fingerprint, out, pool, events, started);
        } catch (IOException | UncheckedIOException e) {
            throw new FidelException(TASK + " could not write its output: " + e + " (corpus " + corpus + ", output " + out + ")",
                    "outputDirectory", e);
        } finally {
            pool.shutdownNow();
            StagedOutput.removeStaging(out, events);
        }
    }

    /** Prepares the data in a staging folder, swaps it in place of the output and judges it. */
    private PrepareDataResult prepare(PrepareDataRequest request, Path corpus, List<Path> files, Map<String, String> inputs,
            Fingerprint fingerprint, Path out, ExecutorService pool, EventSink events, long started)
            throws IOException, FidelException {
        StagedOutput.refuseForeign(out);
        StagedOutput.removeLeftovers(out, events);
        CorpusScan scan = CorpusReader.scan(corpus, files);
        OwnedFolder staged = StagedOutput.stage(out, OwnedFolder.newRunId());
        Path stage = staged.directory();
        Files.createDirectories(stage.resolve(AUDIO_FOLDER));
        List<UtteranceOutcome> outcomes = new UtteranceProcessing(normalizer, request, stage).process(scan, pool, events);
        PreparedData data = PreparedData.of(out, PreparedDataWriter.write(scan, outcomes, inputs, corpus, stage, request, profile));
        fingerprint.record(stage);
        StagedOutput.replace(out, staged.seal(), events);
        logRejections(scan, outcomes, events);
        double decoded = outcomes.stream().mapToDouble(UtteranceOutcome::decodedSeconds).sum();
        judge(data, request.maxRejectedRatio());
        return new PrepareDataResult(false, data, List.copyOf(outcomes), decoded, seconds(started));
    }

    /** Throws the verdict when the data fails: nothing usable remains, or too much of the corpus was rejected. */
    private static void judge(PreparedData data, double maxRejectedRatio) throws VerdictException {
        String verdict = data.verdict(maxRejectedRatio);
        if (verdict != null) {
            throw new VerdictException(verdict + " See " + data.folder().resolve(REJECTED_FILE) + ".",
                    data.accepted() == 0 ? "corpusDirectory" : "maxRejectedRatio");
        }
    }

    /**
     * The settings that make the data identify it (the corpus files, the normalizer, the sample rate, each check's
     * limit); {@code maxRejectedRatio} only judges it. Built alike from a request and from a stored manifest.
     */
    static SettingsFingerprint settings(Map<String, String> inputs, String normalizerSha256, int sampleRate, QualityLimits limits,
            double maxRejectedRatio, String fidelVersion) {
        SettingsFingerprint f = new SettingsFingerprint(TASK).identify("fidel.version", fidelVersion)
                .identify("corpus.files", Sha256.of(Json.line(new TreeMap<>(inputs))))
                .identify("text.normalizer", normalizerSha256)
                .identify("audio.sampleRate", sampleRate);
        Json.MAPPER.valueToTree(limits).fields().forEachRemaining(e -> f.identify("checks." + e.getKey(), e.getValue()));
        return f.judge("verdict.maxRejectedRatio", maxRejectedRatio);
    }

    /** The stored data, judged again against this run's {@code maxRejectedRatio}: nothing is decoded or written. */
    private static PrepareDataResult judgeAgain(PreparedData previous, SettingsFingerprint settings, int files, PrepareDataRequest request,
            EventSink events, long started) throws VerdictException {
        List<String> judged = settings.changesSince(settingsOf(previous.manifest()).toJson(), SettingsFingerprint.Kind.JUDGE);
        events.info(TASK + ": up to date, skipped: the " + files + " corpus files and the settings are unchanged since the last run"
                + (judged.isEmpty() ? "" : " but " + String.join("; ", judged) + ": the stored result is judged again")
                + " (-Dfidel.force redoes it)");
        judge(previous, request.maxRejectedRatio());
        return new PrepareDataResult(true, previous, List.of(), 0, seconds(started));
    }

    /** The settings an earlier manifest records; a manifest.json that is not Fidel's may lack any of them. */
    private static SettingsFingerprint settingsOf(DataManifest m) {
        return settings(m.inputs() == null ? Map.of() : m.inputs(), m.normalizerSha256(), m.sampleRate(), m.limits(), m.maxRejectedRatio(), m.fidelVersion());
    }

    /** Which parts that make the data changed since {@code earlier}: "audio.sampleRate changed: 22050 -> 16000; corpus: ...". */
    private static String changes(DataManifest earlier, SettingsFingerprint settings, Map<String, String> inputs) {
        List<String> lines = new ArrayList<>(settings.changesSince(settingsOf(earlier).toJson(), SettingsFingerprint.Kind.IDENTIFY));
        lines.removeIf(l -> l.startsWith("corpus.files "));
        Map<String, String> before = earlier.inputs() == null ? Map.of() : earlier.inputs();
        List<String> changed = inputs.keySet().stream().filter(f -> before.containsKey(f) && !before.get(f).equals(inputs.get(f))).toList();
        List<String> added = inputs.keySet().stream().filter(f -> !before.containsKey(f)).toList();
        List<String> removed = before.keySet().stream().filter(f -> !inputs.containsKey(f)).sorted().toList();
        for (var kind : List.of(Map.entry("changed", changed), Map.entry("added", added), Map.entry("removed", removed))) {
            if (!kind.getValue().isEmpty()) {
                lines.add("corpus files " + kind.getKey() + ": " + kind.getValue().size() + " ("
                        + String.join(", ", kind.getValue().subList(0, Math.min(5, kind.getValue().size())))
                        + (kind.getValue().size() > 5 ? ", ..." : "") + ")");
            }
        }
        return String.join("; ", lines);
    }

    private static void validate(PrepareDataRequest r) throws FidelException {
        if (r.corpusDirectory() == null || !Files.isDirectory(r.corpusDirectory())) {
            throw new FidelException("the corpus directory " + r.corpusDirectory() + " does not exist or is not a folder",
                    "corpusDirectory", null);
        }
        if (!Files.isReadable(r.corpusDirectory())) {
            throw new FidelException("the corpus directory " + r.corpusDirectory() + " cannot be read", "corpusDirectory", null);
        }
        if (r.outputDirectory() == null) {
            throw new FidelException("no output directory given", "outputDirectory", null);
        }
        if (r.sampleRate() < 8000 || r.sampleRate() > 192_000) {
            throw new FidelException("sample rate " + r.sampleRate() + " Hz is outside 8000..192000", "sampleRate", null);
        }
        QualityLimits l = r.limits();
        if (!(l.minDuration() >= 0) || !(l.maxDuration() > l.minDuration())) {
            throw new FidelException("minDuration " + l.minDuration() + " s and maxDuration " + l.maxDuration()
                    + " s must satisfy 0 <= minDuration < maxDuration", "maxDuration", null);
        }
        if (!(r.maxRejectedRatio() >= 0 && r.maxRejectedRatio() <= 1)) {
            throw new FidelException("maxRejectedRatio " + r.maxRejectedRatio() + " must lie in 0..1", "maxRejectedRatio", null);
        }
        if (r.threads() < 1) {
            throw new FidelException("threads must be at least 1, not " + r.threads(), "threads", null);
        }
    }

    private static List<Path> listCorpus(Path corpus) throws FidelException {
        try {
            List<Path> files = CorpusReader.listFiles(corpus);
            if (files.isEmpty()) {
                throw new FidelException("the corpus directory " + corpus + " holds no files", "corpusDirectory", null);
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new FidelException("cannot list the corpus directory " + corpus + ": " + e.getMessage(), "corpusDirectory", e);
        }
    }

    /** SHA-256 of every corpus file (all of its bytes: about 1.5 s for 300 MB of WAV on two cores). */
    private static Map<String, String> hashAll(Path corpus, List<Path> files, ExecutorService pool) throws FidelException {
        List<Future<String>> hashes = files.stream().map(f -> pool.submit(() -> Sha256.of(f))).toList();
        Map<String, String> inputs = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                inputs.put(CorpusReader.rel(corpus, files.get(i)), UtteranceProcessing.get(hashes.get(i)));
            } catch (IOException | UncheckedIOException e) {
                throw new FidelException("cannot read the corpus file " + files.get(i) + ": " + e, "corpusDirectory", e);
            }
        }
        return inputs;
    }

    private static void logRejections(CorpusScan scan, List<UtteranceOutcome> outcomes, EventSink events) {
        List<Rejection> all = new ArrayList<>(scan.rejections());
        outcomes.stream().filter(UtteranceOutcome.Rejected.class::isInstance)
                .forEach(o -> all.add(((UtteranceOutcome.Rejected) o).rejection()));
        all.stream().limit(LOGGED_REJECTIONS).forEach(r -> events.warn("rejected " + r.file()
                + (r.source() != null && !r.source().startsWith(r.file()) ? " (" + r.source() + ")" : "")
                + ": " + r.reason() + ": " + r.detail()));
        if (all.size() > LOGGED_REJECTIONS) {
            events.warn("... and " + (all.size() - LOGGED_REJECTIONS) + " more rejected, see " + REJECTED_FILE);
        }
    }

    private static DataManifest readManifest(Path out) {
        try {
            return Json.read(out.resolve(DataManifest.FILE_NAME), DataManifest.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static double round(double seconds) {
        return Math.round(seconds * 10_000) / 10_000.0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
