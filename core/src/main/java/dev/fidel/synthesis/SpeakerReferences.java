package dev.fidel.synthesis;

import dev.fidel.FidelException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.model.TtsBatch;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Speaker conditioning from reference clips: decode, log-mel, normalize as in training, window to
 * {@code referenceFrames}. Computed once per audio content and cached by the file's SHA-256, so the
 * same clip reached by two paths (a copy, a link, a relative and an absolute name) costs one computation.
 */
public final class SpeakerReferences {

    /** A reference ready for the GPT: {@code referenceFrames * mels} floats, row-major, and its content hash. */
    public record Reference(String sha256, float[] window, int frames, int mels) {
    }

    private final MelConfig melConfig;
    private final UnaryOperator<float[][]> normalizer;
    private final int referenceFrames;
    private final Map<String, Reference> bySha256 = new HashMap<>();
    private int computations;

    /**
     * @param normalizer the codec's per-band normalization (what the conditioning encoder was trained on)
     */
    public SpeakerReferences(MelConfig melConfig, UnaryOperator<float[][]> normalizer, int referenceFrames) {
        this.melConfig = melConfig;
        this.normalizer = normalizer;
        this.referenceFrames = referenceFrames;
    }

    /** The reference for an audio file (any format FFmpeg reads). */
    public synchronized Reference of(Path clip) throws FidelException {
        String sha;
        try {
            sha = Sha256.of(clip);
        } catch (IOException e) {
            throw new FidelException("speaker reference " + clip + " cannot be read: " + e.getMessage(), "speakerReference", e);
        }
        Reference cached = bySha256.get(sha);
        if (cached != null) {
            return cached;
        }
        DecodedAudio audio;
        try {
            audio = new AudioDecoder(melConfig.sampleRate()).decode(clip);
        } catch (AudioException e) {
            throw new FidelException("speaker reference " + clip + ": " + e.getMessage(), "speakerReference", e);
        }
        float[] samples = new float[audio.samples().length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = audio.samples()[i] / 32768f;
        }
        return remember(sha, new MelSpectrogram(melConfig).compute(samples));
    }

    /** The reference for a log-mel already computed ({@code [frames][mels]}), cached by its values. */
    public synchronized Reference of(float[][] logMel) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * logMel.length * logMel[0].length);
        for (float[] frame : logMel) {
            for (float v : frame) {
                buf.putFloat(v);
            }
        }
        String sha = Sha256.of(buf.array());
        Reference cached = bySha256.get(sha);
        return cached != null ? cached : remember(sha, logMel);
    }

    private Reference remember(String sha, float[][] logMel) {
        if (logMel.length == 0) {
            throw new IllegalArgumentException("speaker reference is shorter than one mel frame");
        }
        computations++;
        Reference reference = new Reference(sha, TtsBatch.referenceWindow(normalizer.apply(logMel), referenceFrames),
                referenceFrames, logMel[0].length);
        bySha256.put(sha, reference);
        return reference;
    }

    /** How many references were actually computed (not served from the cache). */
    public synchronized int computations() {
        return computations;
    }
}
