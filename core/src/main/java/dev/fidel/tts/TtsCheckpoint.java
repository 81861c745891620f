package dev.fidel.tts;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.config.TrainingConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A TTS checkpoint as users meet it ({@link TtsCheckpoints#load}): the weights in a {@link SpeechGpt}, the manager its
 * arrays live in, what it is ({@link TtsIdentity}) with the vocabulary and codec themselves, and how it was trained
 * (typed: {@link #trainingConfig()}, {@link #trainingState()}). Closing it frees the model and the vocabulary's native
 * processor.
 *
 * @param folder the checkpoint folder it was read from
 * @param info its {@code checkpoint.json}
 * @param identity the model's sizes, vocabulary, normalizer, codec and features
 * @param optimizer the optimizer state, or null (a checkpoint kept for inference)
 * @param trainingState where the run stood when it was written ({@code state.json}: {@code trainer}), or null when it
 *     records none
 */
public record TtsCheckpoint(Path folder, CheckpointInfo info, TtsIdentity identity, NDManager manager, SpeechGpt model,
        ParameterStore parameters, VqMelCodec codec, Vocabulary vocabulary, SafeTensors optimizer, TrainingState trainingState)
        implements AutoCloseable {

    /** The optimizer step the checkpoint was taken after. */
    public long step() {
        return info.step();
    }

    /** How the run trained; empty for a checkpoint written before Fidel recorded it. */
    public Optional<TrainingConfig> trainingConfig() {
        return info.training().recordedConfig();
    }

    @Override
    public void close() {
        vocabulary.close();
        manager.close();
    }
}
