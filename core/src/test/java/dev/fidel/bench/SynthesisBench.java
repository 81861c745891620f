package dev.fidel.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fidel.audio.MelConfig;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.recognition.CtcRecognizer;
import dev.fidel.synthesis.SamplingSettings;
import dev.fidel.synthesis.SpeakerReferences;
import dev.fidel.synthesis.Synthesis;
import dev.fidel.synthesis.SynthesisSettings;
import dev.fidel.synthesis.Synthesizer;
import dev.fidel.training.SeededNormalInitializer;
import dev.fidel.util.TorchEngine;
import dev.fidel.vocabulary.Segment;
import dev.fidel.vocoder.GriffinLim;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Prints the real-time factor (seconds of compute per second of audio; below 1 is faster than real
 * time) of synthesis, text to WAV bytes, with a {@link GptConfig#nano nano} SpeechGpt (the size the
 * sample corpus trains on CPU), the VQ codec and Griffin-Lim (32 iterations), split into code generation
 * and vocoding; then, given a recognizer directory, of recognizing the synthesized audio.
 *
 * <p>The GPT's weights are random: the cost per code does not depend on them, and every segment runs to
 * {@code maxCodes} (~4.6 s of audio at 43 codes/s), so each figure is per second of audio produced.
 *
 * <pre>
 * mvn -o -q -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) -Dai.djl.offline=true \
 *   -Dai.djl.pytorch.num_threads=1 dev.fidel.bench.SynthesisBench [recognizerDir]
 * </pre>
 */
public final class SynthesisBench {

    static final List<String> SENTENCES = List.of("የአሜሪካ መለኪያ ስርዓት", "በ ገጹ ላይ", "ማቅረቢያውን ማውረጃ",
            "ዛሬ ዝናብ ይዘንባል", "እንደምን አደርክ ወንድሜ");

    public static void main(String[] args) throws Exception {
        MelConfig mel = MelConfig.defaults();
        Random random = new Random(1);
        List<float[][]> mels = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            float[][] m = new float[200][mel.mels()];
            for (float[] frame : m) {
                for (int b = 0; b < frame.length; b++) {
                    frame[b] = (float) (random.nextGaussian() - 5);
                }
            }
            mels.add(m);
        }
        VqMelCodec codec = VqMelCodec.learn(mels, VqMelCodec.Settings.defaults());
        int maxCodes = 200;
        try (NDManager manager = TorchEngine.newManager()) {
            SpeechGpt model = new SpeechGpt(GptConfig.nano(512, codec.codebookSize()));
            model.setInitializer(new SeededNormalInitializer(3, 0.02), Parameter.Type.WEIGHT);
            model.initialize(manager);
            GriffinLim vocoder = GriffinLim.defaults(mel);
            // Times the vocoder apart from the code generation.
            double[] vocoderSeconds = new double[1];
            dev.fidel.vocoder.Vocoder timed = new dev.fidel.vocoder.Vocoder() {
                @Override
                public MelConfig melConfig() {
                    return mel;
                }

                @Override
                public float[] synthesize(float[][] logMel) {
                    long t = System.nanoTime();
                    float[] out = vocoder.synthesize(logMel);
                    vocoderSeconds[0] += (System.nanoTime() - t) / 1e9;
                    return out;
                }
            };
            Synthesizer synthesizer = new Synthesizer(model, new ParameterStore(manager, false), manager, codec,
                    (text, max) -> List.of(new Segment(text, text.codePoints().map(c -> c % 512).toArray())), timed,
                    new SynthesisSettings(new SamplingSettings(0.8f, 30, 0.85f, 1.1f, 32, maxCodes), 120, 150, 10, 0));
            SpeakerReferences.Reference speaker = new SpeakerReferences(mel, codec::normalize, 64).of(mels.get(0));
            synthesizer.synthesize(SENTENCES.get(0), speaker, 0); // warm-up
            vocoderSeconds[0] = 0;
            List<Synthesis> outputs = new ArrayList<>();
            double audio = 0;
            long wall = System.nanoTime();
            double cpu = cpu();
            for (int i = 0; i < SENTENCES.size(); i++) {
                Synthesis s = synthesizer.synthesize(SENTENCES.get(i), speaker, i);
                s.wavBytes();
                outputs.add(s);
                audio += s.seconds();
            }
            double seconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf(Locale.ROOT, "%d sentences, %.1f s of audio (%d codes each, nano GPT %s)%n", outputs.size(),
                    audio, maxCodes, model.config());
            report("synthesis, text to WAV", audio, seconds, cpu() - cpu);
            report("  of which code generation (KV cache)", audio, seconds - vocoderSeconds[0], Double.NaN);
            report("  of which Griffin-Lim vocoder", audio, vocoderSeconds[0], Double.NaN);
            if (args.length > 0) {
                try (CtcRecognizer recognizer = CtcRecognizer.load(Path.of(args[0]))) {
                    recognizer.transcribe(List.of(outputs.get(0).samples()), outputs.get(0).sampleRate());
                    wall = System.nanoTime();
                    cpu = cpu();
                    recognizer.transcribe(outputs.stream().map(Synthesis::samples).toList(), outputs.get(0).sampleRate());
                    report("recognition (built-in CTC, from samples)", audio, (System.nanoTime() - wall) / 1e9, cpu() - cpu);
                }
            }
        }
    }

    static void report(String what, double audioSeconds, double wallSeconds, double cpuSeconds) {
        System.out.printf(Locale.ROOT, "%-45s real-time factor %.3f wall%s%n", what, wallSeconds / audioSeconds,
                Double.isNaN(cpuSeconds) ? "" : String.format(Locale.ROOT, ", %.3f CPU (this thread)", cpuSeconds / audioSeconds));
    }

    static double cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }
}
