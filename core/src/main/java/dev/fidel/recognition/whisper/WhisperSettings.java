package dev.fidel.recognition.whisper;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run Whisper.
 *
 * @param model the user's whisper.cpp ggml model file (setting {@value #MODEL_SETTING}); required
 * @param language the language code whisper.cpp decodes in ({@value #AMHARIC} for Fidel)
 * @param threads whisper.cpp threads in the child process
 * @param timeout how long one child process may run before it is killed
 */
public record WhisperSettings(Path model, String language, int threads, Duration timeout) {

    /** The configuration element naming the model file, in messages and {@link dev.fidel.FidelException#setting()}. */
    public static final String MODEL_SETTING = "whisperModel";
    public static final String AMHARIC = "am";

    /** Amharic, up to 4 threads, 30 minutes a batch. */
    public static WhisperSettings of(Path model) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new WhisperSettings(model, AMHARIC, threads, Duration.ofMinutes(30));
    }
}
