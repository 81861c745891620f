package dev.fidel.bench;

import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
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
import dev.fidel.vocoder.Vocoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The round-trip gate's own work on a trained checkpoint, timed: the test split's sentences synthesized as the gate
 * does it (greedy, at most 8 codes per character, the first training recording as the speaker) at each batch size,
 * then heard by the built-in recognizer and scored (CER on the spoken form). Prints per batch size the text-to-WAV
 * real-time factor (and that of generation alone, the vocoder skipped), how many sentences got the same codes as at the first batch size, the recognition time and CER,
 * and the time of synthesis + recognition together.
 *
 * <pre>
 * scripts/bench GateSynthesisBench sample-project/target/fidel/checkpoints sample-project/target/fidel/data \
 *   sample-project/target/fidel/recognizer [SENTENCES=40] [BATCH SIZES=1,40] [ROUNDS=1]
 * </pre>
 */
public final class GateSynthesisBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: GateSynthesisBench CHECKPOINT_DIR DATA_DIR RECOGNIZER_DIR [SENTENCES] [BATCH,SIZES] [ROUNDS]");
            System.exit(2);
        }
        Path data = Path.of(args[1]);
        int count = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        int[] batchSizes = Arrays.stream((args.length > 4 ? args[4] : "1,40").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        List<Utterance> sentences = PreparedSplit.utterances(data.resolve("test.jsonl"), "data");
        sentences = sentences.subList(0, Math.min(count, sentences.size()));
        Path speakerClip = data.resolve(PreparedSplit.utterances(data.resolve("train.jsonl"), "data").get(0).audio());
        try (TtsCheckpoint tts = TtsCheckpoints.load(Path.of(args[0]), CheckpointCheck.none(), EventSink.NONE);
                CtcRecognizer recognizer = CtcRecognizer.load(Path.of(args[2]))) {
            GriffinLim vocoder = GriffinLim.defaults(tts.identity().mel());
            Synthesizer synthesizer = Synthesizer.of(tts, vocoder,
                    SynthesisSettings.defaults(SamplingSettings.greedy(tts.identity().model().maxCodeTokens())).withMaxCodesPerCharacter(8));
            SpeakerReferences.Reference speaker = new SpeakerReferences(tts.identity().mel(), tts.codec()::normalize,
                    tts.identity().referenceFrames()).of(speakerClip);
            // The same generation with a vocoder that does nothing: what generation alone costs.
            Synthesizer codesOnly = Synthesizer.of(tts, new Vocoder() {
                @Override
                public MelConfig melConfig() {
                    return tts.identity().mel();
                }

                @Override
                public float[] synthesize(float[][] logMel) {
                    return new float[0];
                }
            }, SynthesisSettings.defaults(SamplingSettings.greedy(tts.identity().model().maxCodeTokens())).withMaxCodesPerCharacter(8));
            RoundTrip roundTrip = new RoundTrip(recognizer, new ErrorRates(new AmharicNormalizer(tts.identity().normalizer())));
            List<String> texts = sentences.stream().map(Utterance::text).toList();
            synthesizer.synthesize(texts.subList(0, 2), speaker, 0, 2);   // warm-up
            System.out.printf(Locale.ROOT, "%d sentences, checkpoint step %d, %d processors, load %s%n", texts.size(), tts.step(),
                    Runtime.getRuntime().availableProcessors(), load());
            List<Synthesis> first = null;
            for (int round = 1; round <= rounds; round++) {
                for (int batch : batchSizes) {
                    long start = System.nanoTime();
                    List<Synthesis> out = synthesizer.synthesize(texts, speaker, 0, batch);
                    out.forEach(Synthesis::wavBytes);
                    double synthesis = (System.nanoTime() - start) / 1e9;
                    double audio = out.stream().mapToDouble(Synthesis::seconds).sum();
                    if (first == null) {
                        first = out;
                    }
                    int same = 0;
                    for (int i = 0; i < out.size(); i++) {
                        same += sameCodes(first.get(i), out.get(i)) ? 1 : 0;
                    }
                    start = System.nanoTime();
                    codesOnly.synthesize(texts, speaker, 0, batch);
                    double generation = (System.nanoTime() - start) / 1e9;
                    List<Recording> heard = new ArrayList<>();
                    for (int i = 0; i < out.size(); i++) {
                        heard.add(new Recording(sentences.get(i), out.get(i).samples()));
                    }
                    start = System.nanoTime();
                    Figures figures = roundTrip.score(heard, UnaryOperator.identity(), synthesizer.sampleRate());
                    double recognition = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "round %d batch %2d: %.1f s of audio in %.2f s, text->WAV RTF %.3f (generation alone RTF %.3f); codes as at batch %d: %d/%d"
                            + " sentences; recognition %.2f s, CER %.3f; synthesis + recognition %.2f s [load %s]%n", round, batch, audio,
                            synthesis, synthesis / audio, generation / audio, batchSizes[0], same, out.size(), recognition, figures.cer(),
                            synthesis + recognition, load());
                }
            }
        }
    }

    private static boolean sameCodes(Synthesis a, Synthesis b) {
        if (a.segments().size() != b.segments().size()) {
            return false;
        }
        for (int s = 0; s < a.segments().size(); s++) {
            if (!Arrays.equals(a.segments().get(s).codes(), b.segments().get(s).codes())) {
                return false;
            }
        }
        return true;
    }

    private static String load() throws java.io.IOException {
        String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }
}
