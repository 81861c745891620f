package dev.fidel.gate;

import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.DecodedAudio;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One sentence's audio as the gate judges it: the file it is in (null when there is none), its mono samples in
 * [-1, 1] at the recognizer's rate, its length, and what is wrong with it (null: nothing; then it is transcribed,
 * otherwise it is scored as CER 1.0).
 */
record Clip(Path file, float[] samples, double seconds, ClipFinding finding) {

    /** Any WAV (or other audio) file FFmpeg reads, any rate, channels or sample format, mixed down and resampled. */
    static Clip read(Path file, int sampleRate, int characters) {
        if (!Files.isRegularFile(file)) {
            return new Clip(null, new float[0], 0, new ClipFinding(ClipFinding.Kind.MISSING, "no file " + file));
        }
        DecodedAudio audio;
        try {
            audio = new AudioDecoder(sampleRate).decodeAtMost(file, ClipFinding.longestDecoded(characters));
        } catch (AudioException e) {
            return new Clip(file, new float[0], 0, e.tooLong()
                    ? new ClipFinding(ClipFinding.Kind.TOO_LONG, "longer than " + ClipFinding.longestDecoded(characters) + " s for "
                            + characters + " characters")
                    : new ClipFinding(ClipFinding.Kind.UNREADABLE, e.getMessage()));
        }
        return of(file, audio.samples(), sampleRate, characters);
    }

    /** Samples already decoded (a checkpoint's synthesis), inspected like a file's. */
    static Clip of(Path file, short[] pcm, int sampleRate, int characters) {
        float[] samples = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            samples[i] = pcm[i] / 32768f;
        }
        return new Clip(file, samples, (double) pcm.length / sampleRate, ClipFinding.inspect(pcm, sampleRate, characters));
    }
}
