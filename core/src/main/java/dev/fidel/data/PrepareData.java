package dev.fidel.data;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.audio.WavWriter;
import dev.fidel.event.EventSink;
import dev.fidel.event.Progress;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
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
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** Outcome of one corpus entry: an utterance with the hash of its samples, or a rejection. */
    private record Outcome(CorpusEntry entry, Utterance utterance, String samplesSha256, Rejection rejection,
            double decodedSeconds, boolean downmixed) {
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
                stale = incompleteness(out);
            }
            DataManifest earlier = readManifest(out);
            DataManifest previous = stale == null ? earlier : null;
            if (previous != null) {
                return judgeAgain(previous, settings, files.size(), request, out, events, started);
            }
            String changed = earlier == null || request.force() ? "" : changes(earlier, settings, inputs);
            events.info(TASK + ": preparing " + files.size() + " corpus files from " + corpus + " ("
                    + (stale == null ? "earlier manifest unreadable" : stale) + (changed.isEmpty() ? "" : ": " + changed) + ")");
            refuseForeign(out);
            removeLeftovers(out, events);
            CorpusScan scan = CorpusReader.scan(corpus, files);
            String runId = OwnedFolder.newRunId();
            OwnedFolder staged = OwnedFolder.createScratch(out.resolveSibling(staging(out) + runId), TASK, "outputDirectory", runId);
            Path stage = staged.directory();
            Files.createDirectories(stage.resolve(AUDIO_FOLDER));
            List<Outcome> outcomes = process(scan, request, stage, pool, events);
            DataManifest manifest = write(scan, outcomes, inputs, corpus, stage, request);
            String verdict = verdict(manifest, request.maxRejectedRatio());
            fingerprint.record(stage);
            replace(out, staged.seal(), events);
            logRejections(scan, outcomes, events);
            double decoded = outcomes.stream().mapToDouble(Outcome::decodedSeconds).sum();
            PrepareDataResult result = new PrepareDataResult(false, out, manifest, decoded, seconds(started));
            if (verdict != null) {
                throw new VerdictException(verdict + " See " + out.resolve(REJECTED_FILE) + ".",
                        manifest.count("accepted") == 0 ? "corpusDirectory" : "maxRejectedRatio");
            }
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new FidelException(TASK + " could not write its output: " + e + " (corpus " + corpus + ", output " + out + ")",
                    "outputDirectory", e);
        } finally {
            pool.shutdownNow();
            removeStaging(out, events);
        }
    }

    /** Every way out of a run but a completed swap leaves its staging folder: it is removed (Fidel made it). */
    private static void removeStaging(Path out, EventSink events) {
        try {
            removeLeftovers(out, events);
        } catch (IOException | UncheckedIOException | FidelException e) {
            events.warn("could not remove the staging folder beside " + out + ": " + e.getMessage());
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
    private static PrepareDataResult judgeAgain(DataManifest previous, SettingsFingerprint settings, int files, PrepareDataRequest request,
            Path out, EventSink events, long started) throws VerdictException {
        List<String> judged = settings.changesSince(settingsOf(previous).toJson(), SettingsFingerprint.Kind.JUDGE);
        events.info(TASK + ": up to date, skipped: the " + files + " corpus files and the settings are unchanged since the last run"
                + (judged.isEmpty() ? "" : " but " + String.join("; ", judged) + ": the stored result is judged again")
                + " (-Dfidel.force redoes it)");
        String verdict = verdict(previous, request.maxRejectedRatio());
        if (verdict != null) {
            throw new VerdictException(verdict + " See " + out.resolve(REJECTED_FILE) + ".",
                    previous.count("accepted") == 0 ? "corpusDirectory" : "maxRejectedRatio");
        }
        return new PrepareDataResult(true, out, previous, 0, seconds(started));
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
                inputs.put(CorpusReader.rel(corpus, files.get(i)), get(hashes.get(i)));
            } catch (IOException | UncheckedIOException e) {
                throw new FidelException("cannot read the corpus file " + files.get(i) + ": " + e, "corpusDirectory", e);
            }
        }
        return inputs;
    }

    private List<Outcome> process(CorpusScan scan, PrepareDataRequest request, Path stage, ExecutorService pool,
            EventSink events) throws IOException {
        // Cheap checks first, in corpus order: duplicate ids, then the transcript.
        Map<CorpusEntry, Outcome> early = new HashMap<>();
        Map<CorpusEntry, String> normalized = new HashMap<>();
        Map<Path, List<CorpusEntry>> byAudio = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        Map<String, String> firstSource = new HashMap<>();
        for (CorpusEntry e : scan.entries()) {
            if (!ids.add(e.id())) {
                early.put(e, rejected(e, RejectReason.DUPLICATE_ID, "the id " + e.id() + " was already used by "
                        + firstSource.get(e.id())));
                continue;
            }
            firstSource.put(e.id(), e.source());
            String text = normalizer.normalize(e.text());
            CheckFailure f = UtteranceChecks.text(text, request.limits());
            if (f != null) {
                early.put(e, rejected(e, f.reason(), f.detail()));
                continue;
            }
            normalized.put(e, text);
            byAudio.computeIfAbsent(e.audio(), k -> new ArrayList<>()).add(e);
        }
        AudioDecoder decoder = new AudioDecoder(request.sampleRate());
        Map<CorpusEntry, String> names = audioNames(scan.entries().stream().filter(normalized::containsKey).toList());
        Map<Path, Future<List<Outcome>>> work = new LinkedHashMap<>();
        for (Map.Entry<Path, List<CorpusEntry>> g : byAudio.entrySet()) {
            work.put(g.getKey(), pool.submit(() -> decodeAndCheck(g.getKey(), g.getValue(), normalized, names, decoder, request, stage)));
        }
        Progress progress = new Progress(TASK + " decoding", normalized.size(), events);
        Map<CorpusEntry, Outcome> done = new HashMap<>(early);
        long count = 0;
        double seconds = 0;
        for (Future<List<Outcome>> f : work.values()) {
            for (Outcome o : get(f)) {
                done.put(o.entry(), o);
                seconds += o.decodedSeconds();
                count++;
            }
            progress.update(count, String.format(Locale.ROOT, "%.0f s of audio", seconds));
        }
        // Duplicate audio last, in corpus order: the first of identical samples stays.
        List<Outcome> ordered = new ArrayList<>();
        Map<String, String> firstWithSamples = new HashMap<>();
        for (CorpusEntry e : scan.entries()) {
            Outcome o = done.get(e);
            if (o.utterance() != null) {
                String first = firstWithSamples.putIfAbsent(o.samplesSha256(), e.id());
                if (first != null) {
                    Files.deleteIfExists(stage.resolve(o.utterance().audio()));
                    o = new Outcome(e, null, null, Rejection.of(e, RejectReason.DUPLICATE_AUDIO,
                            "the same samples as utterance " + first), o.decodedSeconds(), false);
                }
            }
            ordered.add(o);
        }
        return ordered;
    }

    private static List<Outcome> decodeAndCheck(Path file, List<CorpusEntry> entries, Map<CorpusEntry, String> normalized,
            Map<CorpusEntry, String> names, AudioDecoder decoder, PrepareDataRequest request, Path stage) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        // Decode no further than an entry may need: a whole file is refused as too long once it passes
        // maxDuration; timed segments need the audio up to their ends (at most maxDuration past a start, and a
        // second more, so a segment that is too long is seen to be, by the checks below).
        double maxDuration = request.limits().maxDuration();
        DecodedAudio audio;
        try {
            audio = entries.stream().allMatch(CorpusEntry::isWholeFile) ? decoder.decodeAtMost(file, maxDuration)
                    : decoder.decode(file, entries.stream().mapToDouble(e -> Math.min(e.end(), e.start() + maxDuration)).max()
                            .orElse(maxDuration) + 1.0);
        } catch (AudioException e) {
            RejectReason reason = e.tooLong() ? RejectReason.TOO_LONG : e.truncated() ? RejectReason.TRUNCATED
                    : Files.isRegularFile(file) && Files.size(file) == 0 ? RejectReason.EMPTY_FILE : RejectReason.UNREADABLE;
            for (CorpusEntry entry : entries) {
                outcomes.add(rejected(entry, reason, e.getMessage()));
            }
            return outcomes;
        }
        boolean downmixed = audio.sourceChannels() > 1;
        for (CorpusEntry entry : entries) {
            DecodedAudio segment = entry.isWholeFile() ? audio : audio.cut(entry.start(), entry.end());
            String text = normalized.get(entry);
            CheckFailure f = entry.start() >= audio.duration()
                    ? new CheckFailure(RejectReason.TOO_SHORT, String.format(Locale.ROOT,
                            "it starts at %.2f s, after the end of the audio (%.2f s)", entry.start(), audio.duration()))
                    : UtteranceChecks.audio(segment, text, request.limits());
            if (f != null) {
                outcomes.add(new Outcome(entry, null, null, Rejection.of(entry, f.reason(), f.detail()), segment.duration(), false));
                continue;
            }
            byte[] wav = WavWriter.bytes(segment.samples(), segment.sampleRate());
            String name = names.get(entry);
            AtomicFiles.write(stage.resolve(name), wav);
            Utterance u = new Utterance(entry.id(), entry.speaker(), name, round(segment.duration()), entry.text(), text);
            outcomes.add(new Outcome(entry, u, Sha256.of(wav), null, segment.duration(), downmixed));
        }
        return outcomes;
    }

    private DataManifest write(CorpusScan scan, List<Outcome> outcomes, Map<String, String> inputs, Path corpus,
            Path stage, PrepareDataRequest request) throws IOException {
        Map<DataSplit, List<Utterance>> splits = new EnumMap<>(DataSplit.class);
        for (DataSplit s : DataSplit.values()) {
            splits.put(s, new ArrayList<>());
        }
        List<Rejection> rejections = new ArrayList<>(scan.rejections());
        int downmixed = 0;
        for (Outcome o : outcomes) {
            if (o.utterance() != null) {
                splits.get(DataSplit.of(o.utterance().id())).add(o.utterance());
                downmixed += o.downmixed() ? 1 : 0;
            } else {
                rejections.add(o.rejection());
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Double> durations = new TreeMap<>();
        Set<String> speakers = new TreeSet<>();
        int accepted = 0;
        double total = 0;
        for (Map.Entry<DataSplit, List<Utterance>> s : splits.entrySet()) {
            List<Utterance> list = s.getValue();
            list.sort(Comparator.comparing(Utterance::id));
            writeLines(stage.resolve(s.getKey().fileStem() + ".jsonl"), list);
            double seconds = list.stream().mapToDouble(Utterance::duration).sum();
            counts.put(s.getKey().fileStem(), list.size());
            durations.put(s.getKey().fileStem(), round(seconds));
            list.forEach(u -> speakers.add(u.speaker()));
            accepted += list.size();
            total += seconds;
        }
        writeLines(stage.resolve(REJECTED_FILE), rejections);
        PeerTrainingLists.write(stage, splits);
        durations.put("total", round(total));
        counts.put("accepted", accepted);
        counts.put("rejected", rejections.size());
        counts.put("corpusFiles", inputs.size());
        counts.put("ignoredFiles", scan.ignored());
        counts.put("downmixed", downmixed);
        Map<String, Integer> byReason = rejections.stream()
                .collect(Collectors.groupingBy(Rejection::reason, TreeMap::new, Collectors.summingInt(r -> 1)));
        DataManifest manifest = new DataManifest(DataManifest.FORMAT_VERSION, TASK, Versions.FIDEL, corpus.toString(),
                inputs, Json.MAPPER.valueToTree(profile), profile.sha256(), request.sampleRate(), request.limits(),
                request.maxRejectedRatio(), counts, byReason, durations, List.copyOf(speakers));
        Json.write(stage.resolve(DataManifest.FILE_NAME), manifest);
        // The profile as a file of its own: what a user copies to edit rules (<normalizerProfile>).
        profile.write(stage.resolve(NormalizerProfile.FILE_NAME));
        return manifest;
    }

    /** The verdict's message when the data fails, or null when it passes. */
    static String verdict(DataManifest m, double maxRejectedRatio) {
        int accepted = m.count("accepted");
        int rejected = m.count("rejected");
        String reasons = topReasons(m.rejectedByReason(), 5);
        if (accepted == 0) {
            return "nothing usable remains: all " + rejected + " inputs of the corpus were rejected (" + reasons + ").";
        }
        double ratio = (double) rejected / (accepted + rejected);
        if (ratio > maxRejectedRatio) {
            return String.format(Locale.ROOT, "%d of %d inputs were rejected (%.1f%%), more than maxRejectedRatio %.2f allows: %s.",
                    rejected, accepted + rejected, 100 * ratio, maxRejectedRatio, reasons);
        }
        return null;
    }

    /** "reason count, reason count, ...", most frequent first. */
    public static String topReasons(Map<String, Integer> byReason, int limit) {
        return byReason.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void logRejections(CorpusScan scan, List<Outcome> outcomes, EventSink events) {
        List<Rejection> all = new ArrayList<>(scan.rejections());
        outcomes.stream().filter(o -> o.rejection() != null).forEach(o -> all.add(o.rejection()));
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

    /** The prefix of an output's staging folder: a hidden sibling, named after it, completed by a run id. */
    private static String staging(Path out) {
        return "." + out.getFileName() + ".staging-";
    }

    /** The prefix of the folder an old output is set aside in while the new one is renamed into place. */
    private static String aside(Path out) {
        return "." + out.getFileName() + ".old-";
    }

    /** Why the output is not whole although its fingerprint matches, or null when every file it lists is there. */
    private static String incompleteness(Path out) {
        try {
            OwnedFolder owned = OwnedFolder.existing(out, "outputDirectory");
            if (owned == null) {
                return "the output has no ownership marker " + OwnedFolder.MARKER;
            }
            String missing = owned.incompleteness();
            return missing == null ? null : "the earlier output is not whole: " + missing;
        } catch (FidelException e) {
            return e.getMessage();
        }
    }

    /**
     * Refuses an output folder that holds anything prepare-data did not write (its marker lists what it
     * wrote): prepare-data replaces its output as a whole, and nothing of the user's may go with it.
     */
    private static void refuseForeign(Path out) throws IOException, FidelException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new FidelException("the output directory " + out + " is a file", "outputDirectory", null);
        }
        OwnedFolder current = OwnedFolder.inspect(out, TASK, "outputDirectory");
        List<String> foreign = current.foreignFiles();
        if (!foreign.isEmpty()) {
            throw current.foreign(foreign, "prepare-data replaces its output folder as a whole" + (foreign.contains(NormalizerProfile.FILE_NAME)
                    ? " (to use your edited " + NormalizerProfile.FILE_NAME + ", move it out of the output folder and set <"
                            + NormalizerProfile.SETTING + "> to it)" : ""));
        }
    }

    /** Removes the staging and set-aside folders an interrupted run of this output left (only ones Fidel marked). */
    private static void removeLeftovers(Path out, EventSink events) throws IOException, FidelException {
        if (!Files.isDirectory(out.getParent())) {
            return;
        }
        List<Path> siblings;
        try (Stream<Path> s = Files.list(out.getParent())) {
            siblings = s.filter(p -> p.getFileName().toString().startsWith(staging(out))
                    || p.getFileName().toString().startsWith(aside(out))).toList();
        }
        for (Path leftover : siblings) {
            OwnedFolder owned = OwnedFolder.existing(leftover, "outputDirectory");
            if (owned != null && owned.goal().equals(TASK)) {
                List<String> kept = owned.deleteOwned();
                events.warn("removed " + leftover + ", left by an interrupted run" + (kept.isEmpty() ? ""
                        : "; kept " + kept.size() + " file(s) in it that Fidel did not write"));
            }
        }
    }

    /**
     * Puts the staged output in place of the old one by renames: the old folder is set aside, the
     * staged one renamed into place, and then what the old one's marker lists is deleted. The old
     * folder is checked again first: a file that appeared in it during the run stops the swap.
     */
    private static void replace(Path out, OwnedFolder output, EventSink events) throws IOException, FidelException {
        if (Files.isDirectory(out)) {
            refuseForeign(out);
            Path aside = out.resolveSibling(aside(out) + output.runId());
            AtomicFiles.move(out, aside);
            AtomicFiles.move(output.directory(), out);
            OwnedFolder old = OwnedFolder.existing(aside, "outputDirectory");
            List<String> kept = old == null ? List.of() : old.deleteOwned();
            if (!kept.isEmpty()) {
                events.warn("the previous output, set aside in " + aside + ", holds files Fidel did not write; they stay there: " + kept);
            }
        } else {
            Files.createDirectories(out.getParent());
            AtomicFiles.move(output.directory(), out);
        }
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Object r : records) {
            b.append(Json.line(r)).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    /**
     * A file name for an id: the id itself where it is plain ASCII (letters, digits, {@code . _ -}, not
     * starting with a dot); any id that had to be rewritten (a {@code /}, Ethiopic letters, spaces) gets
     * a hash of the original, so two ids never clean to the same name ({@code spk/utt1}, {@code spk__utt1}).
     */
    static String fileName(String id) {
        String clean = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.equals(id) && !clean.startsWith(".") ? clean : clean + "-" + Sha256.of(id).substring(0, 8);
    }

    /**
     * The audio file of each entry, decided once, in corpus order, before any is written: unique even on
     * a file system that ignores case (ids {@code A} and {@code a}): a later clash gets the id's hash.
     */
    static Map<CorpusEntry, String> audioNames(List<CorpusEntry> entries) {
        Map<CorpusEntry, String> names = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (CorpusEntry e : entries) {
            String name = fileName(e.id());
            for (int n = 0; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = fileName(e.id()).replaceFirst("-[0-9a-f]{8}$", "") + "-" + Sha256.of(e.id() + "#" + n).substring(0, 8);
            }
            names.put(e, AUDIO_FOLDER + "/" + name + ".wav");
        }
        return names;
    }

    private static Outcome rejected(CorpusEntry e, RejectReason reason, String detail) {
        return new Outcome(e, null, null, Rejection.of(e, reason, detail), 0, false);
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10_000) / 10_000.0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
