package dev.fidel.recognition.whisper;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
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
 * <p>Whisper computes its own features from audio. The round-trip gate therefore passes audio
 * ({@link #transcribeAudio}, {@link #transcribeClips}) at {@code melConfig().sampleRate()}, which this
 * class resamples to 16 kHz; {@link #transcribe(List)} with log-mel spectrograms is refused.
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

    @Override
    public MelConfig melConfig() {
        return settings.input();
    }

    /**
     * Transcripts of mono clips in [-1, 1] at {@code melConfig().sampleRate()}, in one child process.
     *
     * @throws FidelException when the child process fails, crashes or times out; it names the model
     */
    public List<String> transcribeClips(List<float[]> clips) throws FidelException {
        List<float[]> resampled = new ArrayList<>(clips.size());
        for (float[] clip : clips) {
            float[] audio = Resampler.resample(clip, settings.input().sampleRate(), SAMPLE_RATE);
            if (audio.length < MIN_SAMPLES) {
                audio = Arrays.copyOf(audio, MIN_SAMPLES);
            }
            resampled.add(audio);
        }
        return WhisperProcess.transcribe(model.path(), settings.language(), settings.threads(), resampled,
                settings.timeout());
    }

    /** @throws WhisperFailure (unchecked, wrapping the {@link FidelException}) when Whisper fails */
    @Override
    public String transcribeAudio(float[] samples) {
        try {
            return transcribeClips(List.of(samples)).get(0);
        } catch (FidelException e) {
            throw new WhisperFailure(e);
        }
    }

    /** Always refused: Whisper needs audio. Use {@link #transcribeAudio} or {@link #transcribeClips}. */
    @Override
    public List<String> transcribe(List<float[][]> mels) {
        throw new WhisperFailure(new FidelException("Whisper transcribes audio, not log-mel spectrograms: pass"
                + " waveforms (transcribeAudio / transcribeClips) when the recognizer is whisper.", "recognizer",
                null));
    }

    /** Nothing to free: each batch's child process ends with the batch. */
    @Override
    public void close() {
    }
}
