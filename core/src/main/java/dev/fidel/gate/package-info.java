/**
 * The round-trip quality gate behind {@code verify-roundtrip}: synthesize sentences with a checkpoint,
 * transcribe them with a recognizer, score CER/WER on normalized text, and judge against {@code maxCer}
 * and a baseline report. {@link dev.fidel.gate.RoundTripGate} is the entry point;
 * {@link dev.fidel.gate.RoundTrip} scores and writes {@code report.json} / {@code report.html};
 * {@link dev.fidel.gate.RecognizerCache} trains and keeps the built-in recognizer.
 *
 * <p>The gated figure is the CER over all sentences; the report also gives it for sentences seen in
 * training and unseen ones, the codec ceiling (real recordings through codes and vocoder) and the
 * recognizer's own CER on real recordings.
 */
package dev.fidel.gate;
