package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the gate writes and reads its report folder: {@code measurement.json} (what was measured),
 * {@code report.json} and the self-contained {@code report.html} (the measurement judged). The clips are in
 * {@code audio/<id>.wav} (written by {@link CheckpointVoice} and {@link CommandSynthesizer}) or in the user's
 * recordings folder; the HTML inlines them.
 */
final class ReportFiles {

    /** A clip larger than this is linked, not inlined into the HTML. */
    static final long MAX_INLINED_BYTES = 20L << 20;

    private ReportFiles() {
    }

    /** The gate's output folder, as its marker lists it (taken by {@code RoundTripGate} before any work). */
    static OwnedFolder owned(Path dir) throws FidelException {
        return OwnedFolder.inspect(dir, RoundTripGate.GOAL, "outputDirectory");
    }

    static void writeMeasurement(Measurement measurement, Path dir) throws FidelException {
        try {
            // Claimed and recorded with its SHA-256: a file of the user's (or one changed since) is never written over.
            owned(dir).write(RoundTrip.MEASUREMENT_JSON, Json.write(measurement).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FidelException("cannot write " + dir.resolve(RoundTrip.MEASUREMENT_JSON) + ": " + e.getMessage(), "outputDirectory", e);
        }
    }

    static Measurement readMeasurement(Path dir) throws FidelException {
        Path file = dir.resolve(RoundTrip.MEASUREMENT_JSON);
        try {
            Measurement m = Json.read(file, Measurement.class, "outputDirectory");
            if (!Measurement.FORMAT.equals(m.format())) {
                throw new IOException("format " + m.format() + ", not " + Measurement.FORMAT);
            }
            return m;
        } catch (IOException e) {
            throw new FidelException("cannot read the earlier measurement " + file + " (run with -Dfidel.force to measure again): "
                    + e.getMessage(), "outputDirectory", e);
        }
    }

    /** The history with this report's run last (the measurement identified by the SHA-256 of {@code measurement.json}). */
    private static CerHistory history(RoundTripReport report, Path dir) throws IOException {
        Path measurement = dir.resolve(RoundTrip.MEASUREMENT_JSON);
        String sha256 = Files.isRegularFile(measurement) ? Sha256.of(measurement) : null;
        return CerHistory.read(dir).with(new CerHistory.Run(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                report.overall().cer(), report.maxCer(), report.passed(), CerHistory.describe(report.synthesizer()), sha256));
    }

    /** Writes {@code report.json}, {@code report.html} and the CER by run ({@value CerHistory#FILE_NAME}, {@value CerHistory#CHART_FILE}). */
    static void writeReport(RoundTripReport report, Path dir) throws FidelException {
        List<byte[]> wavs = new ArrayList<>();
        List<float[][]> mels = new ArrayList<>();
        MelConfig mel = MelConfig.defaults();
        for (SentenceResult r : report.sentences()) {
            byte[] wav = new byte[0];
            float[][] picture = new float[0][];
            Path file = r.audio() == null ? null : Path.of(r.audio());
            try {
                if (file != null && Files.isRegularFile(file) && Files.size(file) <= MAX_INLINED_BYTES) {
                    wav = Files.readAllBytes(file);
                    short[] pcm = new AudioDecoder(mel.sampleRate()).decodeAtMost(file, 600).samples();
                    float[] samples = new float[pcm.length];
                    for (int i = 0; i < pcm.length; i++) {
                        samples[i] = pcm[i] / 32768f;
                    }
                    picture = new MelSpectrogram(mel).compute(samples);
                }
            } catch (IOException | AudioException e) {
                // The clip is shown without its audio or picture; its finding already says what was wrong with it.
            }
            wavs.add(wav);
            mels.add(picture);
        }
        try {
            OwnedFolder owned = owned(dir);
            CerHistory history = history(report, dir);
            String chart = history.svg(report.maxCer(), report.baseline() == null ? Double.NaN : report.baseline().baselineCer());
            owned.write(CerHistory.FILE_NAME, history.jsonl().getBytes(StandardCharsets.UTF_8));
            owned.write(CerHistory.CHART_FILE, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart + "\n").getBytes(StandardCharsets.UTF_8));
            owned.write(RoundTrip.REPORT_JSON, Json.write(report).getBytes(StandardCharsets.UTF_8));
            String context = ReportContext.training(report.synthesizer(), dir) + ReportContext.history(history, chart);
            owned.write(RoundTrip.REPORT_HTML, ReportHtml.render(report, wavs, mels, context).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FidelException("cannot write the round-trip report into " + dir + ": " + e.getMessage(), "outputDirectory", e);
        }
    }
}
