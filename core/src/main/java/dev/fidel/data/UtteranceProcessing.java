package dev.fidel.data;

import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.audio.WavWriter;
import dev.fidel.event.EventSink;
import dev.fidel.event.Progress;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.SpokenText;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Turns every entry of a corpus scan into an {@link UtteranceOutcome}, in corpus order: duplicate ids and the
 * transcript checks first (cheap, in order), then each audio file decoded once on the pool and every entry of it cut
 * and checked, the accepted audio written into the staging folder; duplicate samples last (the first of identical
 * samples stays). Each transcript is normalized once, here, and carried as a {@link SpokenText}.
 */
final class UtteranceProcessing {

    private final AmharicNormalizer normalizer;
    private final PrepareDataRequest request;
    private final Path stage;

    UtteranceProcessing(AmharicNormalizer normalizer, PrepareDataRequest request, Path stage) {
        this.normalizer = normalizer;
        this.request = request;
        this.stage = stage;
    }

    List<UtteranceOutcome> process(CorpusScan scan, ExecutorService pool, EventSink events) throws IOException {
        Map<CorpusEntry, UtteranceOutcome> done = new HashMap<>();
        Map<CorpusEntry, SpokenText> spoken = new HashMap<>();
        Map<Path, List<CorpusEntry>> byAudio = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        Map<String, String> firstSource = new HashMap<>();
        for (CorpusEntry e : scan.entries()) {
            if (!ids.add(e.id())) {
                done.put(e, UtteranceOutcome.Rejected.of(e, RejectReason.DUPLICATE_ID, "the id " + e.id() + " was already used by "
                        + firstSource.get(e.id()), 0));
                continue;
            }
            firstSource.put(e.id(), e.source());
            SpokenText text = normalizer.spoken(e.text());
            CheckFailure f = UtteranceChecks.text(text.normalized(), request.limits());
            if (f != null) {
                done.put(e, UtteranceOutcome.Rejected.of(e, f.reason(), f.detail(), 0));
                continue;
            }
            spoken.put(e, text);
            byAudio.computeIfAbsent(e.audio(), k -> new ArrayList<>()).add(e);
        }
        AudioDecoder decoder = new AudioDecoder(request.sampleRate());
        Map<CorpusEntry, String> names = audioNames(scan.entries().stream().filter(spoken::containsKey).toList());
        Map<Path, Future<Map<CorpusEntry, UtteranceOutcome>>> work = new LinkedHashMap<>();
        for (Map.Entry<Path, List<CorpusEntry>> g : byAudio.entrySet()) {
            work.put(g.getKey(), pool.submit(() -> decodeAndCheck(g.getKey(), g.getValue(), spoken, names, decoder)));
        }
        Progress progress = new Progress(PrepareData.TASK + " decoding", spoken.size(), events);
        long count = 0;
        double seconds = 0;
        for (Future<Map<CorpusEntry, UtteranceOutcome>> f : work.values()) {
            for (Map.Entry<CorpusEntry, UtteranceOutcome> o : get(f).entrySet()) {
                done.put(o.getKey(), o.getValue());
                seconds += o.getValue().decodedSeconds();
                count++;
            }
            progress.update(count, String.format(Locale.ROOT, "%.0f s of audio", seconds));
        }
        return withoutDuplicateAudio(scan.entries(), done);
    }

    /** The outcomes in corpus order, where an utterance with the same samples as an earlier one is rejected. */
    private List<UtteranceOutcome> withoutDuplicateAudio(List<CorpusEntry> entries, Map<CorpusEntry, UtteranceOutcome> done)
            throws IOException {
        List<UtteranceOutcome> ordered = new ArrayList<>();
        Map<String, String> firstWithSamples = new HashMap<>();
        for (CorpusEntry e : entries) {
            UtteranceOutcome o = done.get(e);
            if (o instanceof UtteranceOutcome.Accepted a) {
                String first = firstWithSamples.putIfAbsent(a.samplesSha256(), e.id());
                if (first != null) {
                    Files.deleteIfExists(stage.resolve(a.utterance().audio()));
                    o = UtteranceOutcome.Rejected.of(e, RejectReason.DUPLICATE_AUDIO, "the same samples as utterance " + first,
                            a.decodedSeconds());
                }
            }
            ordered.add(o);
        }
        return ordered;
    }

    private Map<CorpusEntry, UtteranceOutcome> decodeAndCheck(Path file, List<CorpusEntry> entries, Map<CorpusEntry, SpokenText> spoken,
            Map<CorpusEntry, String> names, AudioDecoder decoder) throws IOException {
        Map<CorpusEntry, UtteranceOutcome> outcomes = new LinkedHashMap<>();
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
                outcomes.put(entry, UtteranceOutcome.Rejected.of(entry, reason, e.getMessage(), 0));
            }
            return outcomes;
        }
        boolean downmixed = audio.sourceChannels() > 1;
        for (CorpusEntry entry : entries) {
            DecodedAudio segment = entry.isWholeFile() ? audio : audio.cut(entry.start(), entry.end());
            SpokenText text = spoken.get(entry);
            CheckFailure f = entry.start() >= audio.duration()
                    ? new CheckFailure(RejectReason.TOO_SHORT, String.format(Locale.ROOT,
                            "it starts at %.2f s, after the end of the audio (%.2f s)", entry.start(), audio.duration()))
                    : UtteranceChecks.audio(segment, text.normalized(), request.limits());
            if (f != null) {
                outcomes.put(entry, UtteranceOutcome.Rejected.of(entry, f.reason(), f.detail(), segment.duration()));
                continue;
            }
            byte[] wav = WavWriter.bytes(segment.samples(), segment.sampleRate());
            String name = names.get(entry);
            AtomicFiles.write(stage.resolve(name), wav);
            Utterance u = new Utterance(entry.id(), entry.speaker(), name, PrepareData.round(segment.duration()), text.written(),
                    text.normalized());
            outcomes.put(entry, new UtteranceOutcome.Accepted(entry, u, Sha256.of(wav), segment.duration(), downmixed));
        }
        return outcomes;
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
            names.put(e, PrepareData.AUDIO_FOLDER + "/" + name + ".wav");
        }
        return names;
    }

    static <T> T get(Future<T> f) throws IOException {
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
}
