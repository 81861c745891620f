/**
 * Text to audio with a trained checkpoint: {@link dev.fidel.synthesis.Synthesizer} segments the text
 * through the vocabulary (the one tokenization path), generates codes with the GPT's key/value cache and
 * a seeded {@link dev.fidel.synthesis.CodeSampler}, decodes them with the codec to log-mel, and vocodes
 * (Griffin-Lim by default). Speaker references are computed once per audio content
 * ({@link dev.fidel.synthesis.SpeakerReferences}).
 *
 * <p>Real-time factor on CPU: {@code dev.fidel.bench.SynthesisBench} (test sources) prints it.
 */
package dev.fidel.synthesis;
