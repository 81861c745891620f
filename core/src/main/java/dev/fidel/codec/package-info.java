/**
 * The mel codec whose discrete codes the TTS model predicts ({@link dev.fidel.codec.VqMelCodec}, trained by k-means).
 */
package dev.fidel.codec;
