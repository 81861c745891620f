package dev.fidel.data;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.event.EventSink;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The log-mel spectrograms of a prepared split's clips, computed once and shared by every goal that reads the same data:
 * the base and the fine-tuned model ({@code finetune}) and the built-in recognizer ({@code verify-roundtrip}). They are
 * kept beside the data folder, in {@code <data>}{@value #FOLDER_SUFFIX} (the sample's {@code target/fidel/data-mels/}),
 * one {@link MelCacheFile} per split file and mel setting, each clip's mel filed under the SHA-256 of the clip's bytes
 * (hashed again on every read): a clip that changed is computed again; a cache file that is damaged is not used (all is
 * computed again) and, changed since Fidel wrote it, is kept like any file of the user's until removed; a cache the goal
 * cannot write (read-only, or a file there that Fidel did not write) only costs the time, with a warning. Written through
 * a temporary file and a rename. The mels are the very floats {@link MelSpectrogram#compute} gives.
 */
public final class PreparedMels {

    public static final String FOLDER_SUFFIX = "-mels";
    /** The owner its folder's marker names (the goals that share it write it alike). */
    static final String OWNER = "mel-cache";
    static final String SETTING = "melCache";

    /** A clip's samples in [-1, 1] at the mel settings' sample rate, read by the caller's rules (refuse or resample). */
    @FunctionalInterface
    public interface ClipReader {
        float[] samples(Path clip) throws FidelException;
    }

    private PreparedMels() {
    }

    /**
     * The cache folder of a data folder: {@code <data>-mels} beside it, only for a folder prepare-data wrote (its marker
     * says so); null for manifests of the user's own, beside which nothing is written.
     */
    public static Path cacheFolder(Path dataFolder) {
        Path absolute = dataFolder.toAbsolutePath().normalize();
        try {
            OwnedFolder.Marker marker = OwnedFolder.read(absolute, SETTING);
            if (marker == null || !PrepareData.TASK.equals(marker.goal()) || absolute.getParent() == null) {
                return null;
            }
        } catch (FidelException e) {
            return null;
        }
        return absolute.resolveSibling(absolute.getFileName() + FOLDER_SUFFIX);
    }

    /** The cache file of a split file under these mel settings: {@code train.jsonl.<settings>.mels}. */
    static String fileName(Path manifest, MelConfig config) {
        return manifest.getFileName() + "." + Sha256.of(Json.line(config)).substring(0, 12) + ".mels";
    }

    /**
     * The mels of {@code utterances} (the lines of {@code manifest}, clips relative to its folder), in their order: from
     * the cache where a clip's SHA-256 is there, computed (in parallel) where not, and the cache rewritten when anything
     * was computed. The log says how many came from where.
     */
    public static List<float[][]> of(Path manifest, List<Utterance> utterances, MelConfig config, ClipReader reader, EventSink events)
            throws FidelException {
        long started = System.nanoTime();
        Path folder = manifest.toAbsolutePath().getParent();
        List<Path> clips = utterances.stream().map(u -> folder.resolve(u.audio())).toList();
        String[] shas = hashes(clips);
        Path cache = cacheFolder(folder);
        Path file = cache == null ? null : cache.resolve(fileName(manifest, config));
        Map<String, float[][]> cached = cached(file, config, events);
        float[][][] mels = new float[clips.size()][][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            mels[i] = shas[i] == null ? null : cached.get(shas[i]);
            if (mels[i] == null) {
                missing.add(i);
            }
        }
        compute(clips, missing, mels, new MelSpectrogram(config), reader);
        List<float[][]> out = Arrays.asList(mels);
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(shas));
        boolean rewrite = file != null && !wanted.contains(null) && (!missing.isEmpty() || !wanted.equals(cached.keySet()));
        if (rewrite) {
            write(cache, file, config, shas, out, events);
        }
        events.info(String.format(Locale.ROOT, "mels of %d clips of %s: %d from the cache%s, %d computed, in %.1f s", clips.size(),
                manifest.getFileName(), clips.size() - missing.size(), file == null ? "" : " " + file, missing.size(),
                (System.nanoTime() - started) / 1e9));
        return out;
    }

    /** Each clip's SHA-256 (in parallel); null for a clip that cannot be read, which its reader then names. */
    private static String[] hashes(List<Path> clips) {
        String[] shas = new String[clips.size()];
        IntStream.range(0, clips.size()).parallel().forEach(i -> {
            try {
                shas[i] = Sha256.of(clips.get(i));
            } catch (IOException e) {
                shas[i] = null;
            }
        });
        return shas;
    }

    /** The cache file's entries; none (with a warning when it is damaged) where it is absent or unreadable. */
    private static Map<String, float[][]> cached(Path file, MelConfig config, EventSink events) {
        if (file == null || !Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return MelCacheFile.read(file, config);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            events.warn("the mel cache " + file + " is not usable (" + e.getMessage() + "): the mels are computed again; delete it to let"
                    + " Fidel cache them there again");
            return Map.of();
        }
    }

    private static void compute(List<Path> clips, List<Integer> missing, float[][][] mels, MelSpectrogram spectrogram,
            ClipReader reader) throws FidelException {
        FidelException[] failure = new FidelException[1];
        missing.parallelStream().forEach(i -> {
            try {
                mels[i] = spectrogram.compute(reader.samples(clips.get(i)));
            } catch (FidelException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * Writes the cache file (through a temporary file and a rename, listed with its SHA-256 in the folder's marker);
     * where it cannot, warns and goes on: the cache saves time, it never stops a build.
     */
    private static void write(Path cache, Path file, MelConfig config, String[] shas, List<float[][]> mels, EventSink events) {
        String name = file.getFileName().toString();
        Path tmp = cache.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try {
            OwnedFolder owned = OwnedFolder.take(cache, OWNER, SETTING, name::equals, List.of(name));
            List<String> keys = new ArrayList<>();
            List<float[][]> values = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < shas.length; i++) {
                if (seen.add(shas[i])) {
                    keys.add(shas[i]);
                    values.add(mels.get(i));
                }
            }
            MessageDigest sha = Sha256.digest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), sha)) {
                MelCacheFile.write(out, config, keys, values);
            }
            owned.claim(name);
            AtomicFiles.move(tmp, file);
            owned.recorded(name, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | FidelException | RuntimeException e) {
            events.warn("the mels are not cached in " + file + " (" + e.getMessage() + "); the next goal computes them again");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                events.warn("could not remove " + tmp + ": " + e.getMessage());
            }
        }
    }
}
