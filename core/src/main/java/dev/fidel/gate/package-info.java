/**
 * The round-trip quality gate behind {@code verify-roundtrip}. {@link dev.fidel.gate.RoundTripGate} is the entry point,
 * given a {@link dev.fidel.gate.GateRequest}: what is said, who says it (a checkpoint: {@link dev.fidel.gate.CheckpointVoice};
 * a program: {@link dev.fidel.gate.CommandSynthesizer}; a folder of recordings), how it is heard
 * ({@link dev.fidel.gate.Listener}, the built-in recognizer kept by {@link dev.fidel.recognition.RecognizerCache}, required
 * fit on real speech by {@link dev.fidel.gate.ListenerCheck}) and how it is judged ({@link dev.fidel.gate.Thresholds}).
 *
 * <p>It measures, then judges. {@link dev.fidel.gate.RoundTrip} hears each {@link dev.fidel.gate.Clip} (a clip with a
 * {@link dev.fidel.gate.ClipFinding} scores CER 1.0 unheard) into a {@link dev.fidel.gate.Measurement}, cached with a
 * fingerprint that holds no threshold ({@link dev.fidel.gate.MeasurementFingerprint}); {@link dev.fidel.gate.Verdict}
 * is a pure function of the measurement, the thresholds and the {@link dev.fidel.gate.Baseline}.
 * {@link dev.fidel.gate.ReportFiles} writes {@code measurement.json}, {@code report.json} and {@code report.html}.
 *
 * <p>The gated figure is the CER over all sentences; the report also gives it for sentences seen in training and
 * unseen ones, the codec ceiling (real recordings through codes and vocoder, checkpoints only) and the recognizer's
 * own CER on real recordings.
 */
package dev.fidel.gate;
