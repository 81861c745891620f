package dev.fidel.tts;

import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.model.GptConfig;
import dev.fidel.text.NormalizerProfile;

/**
 * What a TTS checkpoint is, and so what it must be used with: the network's sizes, the vocabulary its text embedding is
 * indexed by, the normalizer profile its training text went through, the codec whose codes it predicts, and the
 * features it was trained on. Synthesis and the gate compute their inputs from this, never from defaults of their own.
 *
 * @param model the network's configuration
 * @param vocabulary the vocabulary's identity ({@link dev.fidel.vocabulary.Vocabulary#identity()})
 * @param vocabularySize its number of pieces
 * @param normalizer the normalizer profile of the training text
 * @param codec the codec's kind and identity
 * @param mel the mel spectrogram the model was trained on
 * @param referenceFrames mel frames of the speaker reference the model was trained with
 */
public record TtsIdentity(GptConfig model, String vocabulary, int vocabularySize, NormalizerProfile normalizer,
        CheckpointInfo.Codec codec, MelConfig mel, int referenceFrames) {
}
