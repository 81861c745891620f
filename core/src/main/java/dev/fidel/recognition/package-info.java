/**
 * Speech recognition for the round-trip gate: {@link dev.fidel.recognition.Recognizer}, whose one
 * entry point takes clips at any sample rate, and Fidel's own {@link dev.fidel.recognition.CtcRecognizer}
 * (conv front end + bidirectional GRU + CTC over Ethiopic characters), trained by
 * {@link dev.fidel.recognition.CtcTrainer} on the corpus's real recordings, since no Amharic recognizer
 * can be downloaded, and kept by {@link dev.fidel.recognition.RecognizerCache} while it passes its
 * real-speech check.
 *
 * <p>Measured on the experiment corpus (4,200 espeak-ng utterances, two voices, 2 shared CPU cores,
 * one PyTorch thread): CER 0.0088 on 215 held-out sentences after 600 s of training (663 steps of
 * 32); recognition runs at about 0.006 of real time. Reproduce with
 * {@code dev.fidel.experiment.recognition.RecognizerExperiment} (test sources).
 *
 * <p>DJL 0.34 traps met here: no CTC loss ({@link dev.fidel.recognition.CtcLoss} is the forward
 * algorithm in log space); {@code GRU.optBidirectional(true)} is broken on PyTorch
 * ({@link dev.fidel.recognition.BidirectionalGru} pairs two one-way GRUs); the PyTorch gradient
 * collector's {@code zeroGradients()} subtracts a gradient from itself, which keeps NaN as NaN.
 */
package dev.fidel.recognition;
