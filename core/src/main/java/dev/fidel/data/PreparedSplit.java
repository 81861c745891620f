package dev.fidel.data;

import dev.fidel.FidelException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.util.BoundedFiles;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A split prepare-data wrote ({@code train.jsonl}, {@code val.jsonl}, {@code test.jsonl}: one {@link Utterance}
 * a line) read back, and its clips: 16-bit mono WAVs at the sample rate they were prepared at, relative to the
 * split's folder. Errors name the file, the line and the setting that pointed at the split.
 */
public final class PreparedSplit {

    private PreparedSplit() {
    }

    /** The utterances of {@code manifest}; refused when it is missing or a line is not an utterance. */
    public static List<Utterance> utterances(Path manifest, String setting) throws FidelException {
        if (!Files.isRegularFile(manifest)) {
            throw new FidelException("<" + setting + "> " + manifest + " does not exist: run prepare-data first", setting, null);
        }
        List<Utterance> out = new ArrayList<>();
        try {
            List<String> lines = BoundedFiles.lines(manifest, BoundedFiles.Kind.LINES, setting);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.MAPPER.readValue(lines.get(i), Utterance.class));
                } catch (IOException e) {
                    throw new FidelException(manifest + ":" + (i + 1) + ": not an utterance line: " + e.getMessage(), setting, e);
                }
            }
        } catch (IOException e) {
            throw new FidelException("cannot read " + manifest + ": " + e.getMessage(), setting, e);
        }
        return out;
    }

    /** The clip of {@code utterance}, a line of {@code manifest}: its {@code audio} path, relative to the manifest's folder. */
    public static Path clip(Path manifest, Utterance utterance) {
        return manifest.toAbsolutePath().getParent().resolve(utterance.audio());
    }

    /**
     * The samples of a prepared clip in [-1, 1], exactly as prepare-data wrote them; a clip that is not 16-bit mono PCM
     * at {@code sampleRate} is refused rather than converted: the data was prepared for another configuration.
     */
    public static float[] samples(Path clip, int sampleRate, String setting) throws FidelException {
        DecodedAudio audio;
        try {
            audio = decoded(clip, sampleRate, setting);
        } catch (IOException | AudioException e) {
            throw new FidelException("cannot read " + clip + ": " + e.getMessage(), setting, e);
        }
        if (!PCM_16.equals(audio.codec()) || audio.sourceChannels() != 1 || audio.sourceSampleRate() != sampleRate) {
            throw new FidelException(clip + " is " + audio.codec() + ", " + audio.sourceChannels() + " channel(s), "
                    + audio.sourceSampleRate() + " Hz, not 16-bit mono " + sampleRate + " Hz: run prepare-data again", setting, null);
        }
        return floats(audio.samples());
    }

    /**
     * The samples of {@code utterance}'s clip in [-1, 1] at {@code sampleRate}: as prepare-data wrote them where it wrote
     * them at that rate, otherwise converted by {@link AudioDecoder} (a recognizer listens at its own rate).
     */
    public static float[] samplesAt(Path manifest, Utterance utterance, int sampleRate, String setting) throws FidelException {
        return samplesAt(clip(manifest, utterance), sampleRate, setting, " (utterance " + utterance.id() + " of " + manifest + ")");
    }

    /** As {@link #samplesAt(Path, Utterance, int, String)} for a clip named by its path. */
    public static float[] samplesAt(Path clip, int sampleRate, String setting) throws FidelException {
        return samplesAt(clip, sampleRate, setting, "");
    }

    private static float[] samplesAt(Path clip, int sampleRate, String setting, String whose) throws FidelException {
        try {
            return floats(decoded(clip, sampleRate, setting).samples());
        } catch (IOException | AudioException e) {
            throw new FidelException(clip + whose + ": " + e.getMessage(), setting, e);
        }
    }

    private static final String PCM_16 = "pcm_s16le";

    /** The clip decoded ({@link AudioDecoder} reads the plain WAV prepare-data writes as it is, without FFmpeg). */
    private static DecodedAudio decoded(Path clip, int sampleRate, String setting) throws IOException, AudioException {
        if (!Files.isRegularFile(clip)) {
            throw new AudioException("the file does not exist: run prepare-data again", false);
        }
        BoundedFiles.check(clip, BoundedFiles.Kind.PREPARED_AUDIO, setting);
        return new AudioDecoder(sampleRate).decode(clip);
    }

    private static float[] floats(short[] pcm) {
        float[] samples = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            samples[i] = pcm[i] / 32768f;
        }
        return samples;
    }
}
