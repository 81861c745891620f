package dev.fidel.tts;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.vocabulary.Vocabulary;
import java.nio.file.Path;

/**
 * A TTS checkpoint in memory ({@link TtsCheckpoints#load}): the model with its weights, the manager
 * its arrays live in, and everything it was trained with. Closing it frees the model and the
 * vocabulary's native processor.
 *
 * @param folder the checkpoint folder it was read from
 * @param info its {@code checkpoint.json}
 * @param optimizer the optimizer state, or null
 * @param trainerState the trainer's state for resuming ({@code state.json}: {@code trainer}), or null
 * @param melConfig the mel spectrogram the model was trained on
 * @param referenceFrames mel frames of the speaker reference the model was trained with
 */
public record LoadedTts(Path folder, CheckpointInfo info, GptConfig config, NDManager manager, SpeechGpt model,
        ParameterStore parameters, VqMelCodec codec, Vocabulary vocabulary, NormalizerProfile normalizer,
        SafeTensors optimizer, JsonNode trainerState, MelConfig melConfig, int referenceFrames) implements AutoCloseable {

    /** The optimizer step the checkpoint was taken after. */
    public long step() {
        return info.step();
    }

    @Override
    public void close() {
        vocabulary.close();
        manager.close();
    }
}
