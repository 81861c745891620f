package dev.fidel.recognition;

import dev.fidel.FidelException;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Speech to text: what the round-trip gate listens with. Every recognizer has this one entry point, audio in and text
 * out; each resamples the clips to its own rate ({@link dev.fidel.audio.Resampler}) and derives its own features.
 */
public interface Recognizer extends AutoCloseable {

    /**
     * Transcripts of {@code clips}, one per clip in order: mono samples in [-1, 1] at {@code sampleRate} Hz, any rate. An
     * empty clip is heard as {@code ""}. A recognizer that starts work per call (Whisper: one child process) does so
     * once for the whole list, so pass all clips at once.
     *
     * @throws FidelException when the recognizer cannot run (it names the setting to fix)
     */
    List<String> transcribe(List<float[]> clips, int sampleRate) throws FidelException;

    /** The characters it can write (all of them unless it says otherwise); the rest is never scored against it. */
    default IntPredicate inventory() {
        return c -> true;
    }

    @Override
    void close();
}
