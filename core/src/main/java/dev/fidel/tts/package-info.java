/**
 * The model as users meet it: a TTS checkpoint folder saved and loaded whole ({@link dev.fidel.tts.TtsCheckpoints}), and
 * in memory ({@link dev.fidel.tts.LoadedTts}) the network with its weights, vocabulary, normalizer profile, codec and
 * features. Training writes it; synthesis and the gate read it and never import {@code training}.
 */
package dev.fidel.tts;
