/**
 * The model as users meet it: a TTS checkpoint in memory ({@link dev.fidel.tts.TtsCheckpoint}: the weights in a
 * {@code SpeechGpt}, its typed identity {@link dev.fidel.tts.TtsIdentity} (model sizes, vocabulary, normalizer profile,
 * codec, features), how it was trained ({@code TrainingConfig}) and where the run stood
 * ({@link dev.fidel.tts.TrainingState})), saved and loaded whole by {@link dev.fidel.tts.TtsCheckpoints}. Training writes
 * it; synthesis and the gate read it and never import {@code training}.
 */
package dev.fidel.tts;
