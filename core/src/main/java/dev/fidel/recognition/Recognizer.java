package dev.fidel.recognition;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import java.util.List;

/** Speech to text: what the round-trip gate uses to listen. */
public interface Recognizer extends AutoCloseable {

    /** The features {@link #transcribe(float[][])} expects. */
    MelConfig melConfig();

    /** Transcripts of log-mel spectrograms ({@code [frames][mels]}, {@link MelSpectrogram}'s features). */
    List<String> transcribe(List<float[][]> mels);

    default String transcribe(float[][] mel) {
        return transcribe(java.util.Collections.singletonList(mel)).get(0);
    }

    /** Transcript of mono samples in [-1, 1] at {@code melConfig().sampleRate()}. */
    default String transcribeAudio(float[] samples) {
        return transcribe(new MelSpectrogram(melConfig()).compute(samples));
    }

    /** The characters it can write (all of them unless it says otherwise); the rest is never scored against it. */
    default java.util.function.IntPredicate inventory() {
        return c -> true;
    }

    @Override
    void close();
}
