package dev.fidel.bench;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.MelSpectrogram;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.codec.AudioCodec;
import dev.fidel.data.PreparedSplit;
import dev.fidel.event.EventSink;
import dev.fidel.gate.Figures;
import dev.fidel.gate.Recording;
import dev.fidel.gate.RoundTrip;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.synthesis.SamplingSettings;
import dev.fidel.synthesis.SpeakerReferences;
import dev.fidel.synthesis.Synthesis;
import dev.fidel.synthesis.SynthesisSettings;
import dev.fidel.synthesis.Synthesizer;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.vocoder.GriffinLim;
import dev.fidel.vocoder.GriffinLimTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The gate's vocoder alone on real speech: the test split's recordings (the gate's sentences) as mels, straight and
 * through the codec (the codec ceiling's path), vocoded one clip after another on one thread by {@link GriffinLim} in
 * each setting. Prints per setting the vocoder's CPU time per second of audio (thread CPU, which a busy machine
 * disturbs less than wall time), the objective error of the output (re-analysed log-mel against the mel it was given:
 * mean |difference| on speech cells, and the spectral convergence of the mel magnitudes), the recognizer's CER of the
 * vocoded real mels and of the codec path (the codec ceiling), the gate's CER (the same sentences generated greedily by the
 * checkpoint at batch 40, as the gate does, and vocoded in that setting), and a checksum of the samples (equal checksums: the
 * same audio).
 *
 * <pre>
 * scripts/bench VocoderBench CHECKPOINT_DIR DATA_DIR RECOGNIZER_DIR [CLIPS=40] [SETTINGS=defaults: defaults, N (iterations from random phase), pN (from the phase gradient)] [ROUNDS=3]
 * </pre>
 */
public final class VocoderBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: VocoderBench CHECKPOINT_DIR DATA_DIR RECOGNIZER_DIR [CLIPS] [SETTING,...] [ROUNDS]");
            System.exit(2);
        }
        int clips = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        String[] settings = (args.length > 4 ? args[4] : "defaults").split(",");
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        try (var tts = TtsCheckpoints.load(Path.of(args[0]), CheckpointCheck.none(), EventSink.NONE);
                CtcRecognizer recognizer = CtcRecognizer.load(Path.of(args[2]))) {
            MelConfig config = tts.identity().mel();
            AudioCodec codec = tts.codec();
            MelSpectrogram spectrogram = new MelSpectrogram(config);
            List<Recording> recordings = Recording.read(Path.of(args[1]).resolve("test.jsonl"), config.sampleRate(), clips);
            List<float[][]> real = recordings.stream().map(r -> spectrogram.compute(r.samples())).toList();
            List<float[][]> coded = real.stream().map(m -> codec.decode(codec.encode(m))).toList();
            double seconds = recordings.stream().mapToDouble(r -> r.samples().length).sum() / config.sampleRate();
            RoundTrip roundTrip = new RoundTrip(recognizer, new ErrorRates(new AmharicNormalizer(tts.identity().normalizer())));
            System.out.printf(Locale.ROOT, "%d clips, %.1f s of audio, %s [load %s]%n", recordings.size(), seconds,
                    GriffinLim.class.getProtectionDomain().getCodeSource().getLocation(), load());
            for (String setting : settings) {
                GriffinLim vocoder = vocoder(setting, config);
                vocoder.synthesize(real.get(0));   // warm-up
                for (int round = 1; round <= rounds; round++) {
                    Timed realOut = vocode(vocoder, real);
                    Timed codedOut = vocode(vocoder, coded);
                    double cpu = (realOut.cpuSeconds + codedOut.cpuSeconds) / (2 * seconds);
                    double wall = (realOut.wallSeconds + codedOut.wallSeconds) / (2 * seconds);
                    String quality = "";
                    if (round == 1) {
                        Figures onReal = roundTrip.score(heard(recordings, realOut.audio), UnaryOperator.identity(), config.sampleRate());
                        Figures ceiling = roundTrip.score(heard(recordings, codedOut.audio), UnaryOperator.identity(), config.sampleRate());
                        double gate = gateCer(tts, vocoder, recordings, Path.of(args[1]), roundTrip);
                        quality = String.format(Locale.ROOT, "; gate CER (the sample's synthesized sentences) %.4f; log-mel error real %.4f codec %.4f, mel spectral convergence real %.4f"
                                + " codec %.4f; CER real mels %.4f, codec ceiling %.4f; checksum %08x",
                                gate, logMelError(spectrogram, real, realOut.audio), logMelError(spectrogram, coded, codedOut.audio),
                                convergence(spectrogram, real, realOut.audio), convergence(spectrogram, coded, codedOut.audio),
                                onReal.cer(), ceiling.cer(), checksum(realOut.audio, codedOut.audio));
                    }
                    System.out.printf(Locale.ROOT, "%s round %d: vocoder CPU %.4f s per s of audio (wall %.4f)%s [load %s]%n",
                            setting, round, cpu, wall, quality, load());
                }
            }
        }
    }

    /** {@code defaults}: {@link GriffinLim#defaults}; {@code N}: N iterations from random phase; {@code pN}: from the phase gradient. */
    private static GriffinLim vocoder(String setting, MelConfig config) {
        if (setting.equals("defaults")) {
            return GriffinLim.defaults(config);
        }
        String[] parts = setting.replace("p", "").split("s");
        long seed = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        if (setting.startsWith("p")) {   // (a constructor main's GriffinLim lacks: only linked when asked for)
            return new GriffinLim(config, Integer.parseInt(parts[0]), 0.99f, seed, GriffinLim.Start.PHASE_GRADIENT);
        }
        return new GriffinLim(config, Integer.parseInt(parts[0]), 0.99f, seed);
    }

    /** The gate's CER: its sentences generated as the gate does it (greedy, batch 40) and vocoded by {@code vocoder}. */
    private static double gateCer(TtsCheckpoint tts, GriffinLim vocoder, List<Recording> recordings, Path data, RoundTrip roundTrip)
            throws Exception {
        Synthesizer synthesizer = Synthesizer.of(tts, vocoder,
                SynthesisSettings.defaults(SamplingSettings.greedy(tts.identity().model().maxCodeTokens())).withMaxCodesPerCharacter(8));
        Path speakerClip = data.resolve(PreparedSplit.utterances(data.resolve("train.jsonl"), "data").get(0).audio());
        SpeakerReferences.Reference speaker = new SpeakerReferences(tts.identity().mel(), tts.codec()::normalize, tts.identity().referenceFrames())
                .of(speakerClip);
        List<Synthesis> out = synthesizer.synthesize(recordings.stream().map(r -> r.utterance().text()).toList(), speaker, 0, 40);
        return roundTrip.score(heard(recordings, out.stream().map(Synthesis::samples).toList()), UnaryOperator.identity(),
                synthesizer.sampleRate()).cer();
    }

    private record Timed(List<float[]> audio, double cpuSeconds, double wallSeconds) {
    }

    private static Timed vocode(GriffinLim vocoder, List<float[][]> mels) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long cpu = bean.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        List<float[]> out = new ArrayList<>();
        for (float[][] mel : mels) {
            out.add(vocoder.synthesize(mel));
        }
        return new Timed(out, (bean.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9);
    }

    private static List<Recording> heard(List<Recording> recordings, List<float[]> audio) {
        List<Recording> out = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            out.add(new Recording(recordings.get(i).utterance(), audio.get(i)));
        }
        return out;
    }

    /** Mean over clips of the mean |log-mel difference| on the cells within 6 nats of the clip's loudest. */
    private static double logMelError(MelSpectrogram spectrogram, List<float[][]> mels, List<float[]> audio) {
        double total = 0;
        for (int c = 0; c < mels.size(); c++) {
            total += GriffinLimTest.meanLogMelError(mels.get(c), spectrogram.compute(audio.get(c)));
        }
        return total / mels.size();
    }

    /** Mean over clips of ||A - B|| / ||A|| for the mel magnitudes (square roots of mel power) of target and output. */
    private static double convergence(MelSpectrogram spectrogram, List<float[][]> mels, List<float[]> audio) {
        double total = 0;
        for (int c = 0; c < mels.size(); c++) {
            float[][] target = mels.get(c);
            float[][] again = spectrogram.compute(audio.get(c));
            double difference = 0;
            double norm = 0;
            for (int t = 0; t < Math.min(target.length, again.length); t++) {
                for (int m = 0; m < target[t].length; m++) {
                    double a = Math.exp(target[t][m] / 2);
                    double b = Math.exp(again[t][m] / 2);
                    difference += (a - b) * (a - b);
                    norm += a * a;
                }
            }
            total += Math.sqrt(difference / norm);
        }
        return total / mels.size();
    }

    private static int checksum(List<float[]> a, List<float[]> b) {
        int hash = 1;
        for (float[] x : a) {
            hash = 31 * hash + Arrays.hashCode(x);
        }
        for (float[] x : b) {
            hash = 31 * hash + Arrays.hashCode(x);
        }
        return hash;
    }

    private static String load() throws java.io.IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }
}
