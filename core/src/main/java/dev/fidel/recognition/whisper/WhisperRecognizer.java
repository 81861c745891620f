package dev.fidel.recognition.whisper;

import dev.fidel.FidelException;
import dev.fidel.audio.Resampler;
import dev.fidel.recognition.Recognizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whisper (whisper.cpp 1.7.1 through whisper-jni) as a {@link Recognizer}, with a user-supplied ggml
 * model and language {@code am}. Stock Whisper reads Amharic badly (published FLEURS WER 120-229%),
 * so this is for users who bring a model that can; Fidel's own CTC recognizer is the default.
 *
 * <p>Safety: {@link #open} validates the model file in pure Java ({@link GgmlModelFile}), and all
 * native work runs in a child JVM ({@link WhisperProcess}), so neither a corrupt model nor a crash in
 * whisper.cpp can end the build's JVM. Each batch starts one child and loads the model once.
 *
 * <p>Whisper computes its own features from audio: {@link #transcribe} takes clips at any rate and
 * resamples them to 16 kHz ({@link Resampler}).
 */
public final class WhisperRecognizer implements Recognizer {

    /** Whisper's sample rate. */
    public static final int SAMPLE_RATE = 16_000;
    /** whisper.cpp skips clips shorter than one second; shorter ones are padded with silence to this. */
    static final int MIN_SAMPLES = SAMPLE_RATE + SAMPLE_RATE / 10;

    private final WhisperSettings settings;
    private final GgmlModelFile model;

    private WhisperRecognizer(WhisperSettings settings, GgmlModelFile model) {
        this.settings = settings;
        this.model = model;
    }

    /**
     * A recognizer for {@code settings}, after checking its model file.
     *
     * @throws FidelException with setting {@value WhisperSettings#MODEL_SETTING} when the model is not
     *     set, missing, unreadable, not a whisper.cpp ggml model, truncated, or English-only
     */
    public static WhisperRecognizer open(WhisperSettings settings) throws FidelException {
        Path path = settings.model();
        if (path == null) {
            throw new FidelException("The recognizer is whisper but " + WhisperSettings.MODEL_SETTING
                    + " is not set: set it to a whisper.cpp ggml model file (ggml-*.bin).",
                    WhisperSettings.MODEL_SETTING, null);
        }
        GgmlModelFile model = GgmlModelFile.validate(path);
        if (!model.hyperParameters().multilingual() && !"en".equals(settings.language())) {
            throw GgmlModelFile.problem(path, "is English-only (n_vocab " + model.hyperParameters().vocabulary()
                    + ") and cannot transcribe language '" + settings.language() + "'; use a multilingual model");
        }
        return new WhisperRecognizer(settings, model);
    }

    public GgmlModelFile model() {
        return model;
    }

    /**
     * Transcripts of mono clips in [-1, 1] at {@code sampleRate}, resampled to 16 kHz, all in one child process (none
     * when every clip is empty; an empty clip is heard as {@code ""}).
     *
     * @throws FidelException when the child process fails, crashes or times out; it names the model
     */
    @Override
    public List<String> transcribe(List<float[]> clips, int sampleRate) throws FidelException {
        List<float[]> audible = new ArrayList<>(clips.size());
        for (float[] clip : clips) {
            if (clip.length > 0) {
                float[] audio = Resampler.resample(clip, sampleRate, SAMPLE_RATE);
                audible.add(audio.length < MIN_SAMPLES ? Arrays.copyOf(audio, MIN_SAMPLES) : audio);
            }
        }
        List<String> heard = audible.isEmpty() ? List.of()
                : WhisperProcess.transcribe(model.path(), settings.language(), settings.threads(), audible, settings.timeout());
        List<String> out = new ArrayList<>(clips.size());
        int next = 0;
        for (float[] clip : clips) {
            out.add(clip.length == 0 ? "" : heard.get(next++));
        }
        return out;
    }

    /** Nothing to free: each batch's child process ends with the batch. */
    @Override
    public void close() {
    }
}
