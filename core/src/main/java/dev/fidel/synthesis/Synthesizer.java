package dev.fidel.synthesis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fidel.codec.AudioCodec;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.training.LoadedTts;
import dev.fidel.util.EngineThreads;
import dev.fidel.vocabulary.Segment;
import dev.fidel.vocoder.Vocoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text to audio with a trained {@link SpeechGpt}: segments under {@code maxTextTokensPerSegment} ->
 * codes, one position at a time with the key/value cache, chosen by a seeded {@link CodeSampler} ->
 * codec decode to log-mel -> vocoder -> samples, segments joined by a faded pause. The same text,
 * speaker and seed give the same samples.
 */
public final class Synthesizer {

    private final SpeechGpt model;
    private final ParameterStore ps;
    private final NDManager manager;
    private final AudioCodec codec;
    private final TextSegmenter segmenter;
    private final Vocoder vocoder;
    private final SynthesisSettings settings;

    public Synthesizer(SpeechGpt model, ParameterStore ps, NDManager manager, AudioCodec codec, TextSegmenter segmenter,
            Vocoder vocoder, SynthesisSettings settings) {
        if (codec.codebookSize() != model.config().codebookSize()) {
            throw new IllegalArgumentException("the codec has " + codec.codebookSize() + " codes, the model "
                    + model.config().codebookSize() + ": they were not trained together");
        }
        this.model = model;
        this.ps = ps;
        this.manager = manager;
        this.codec = codec;
        this.segmenter = segmenter;
        this.vocoder = vocoder;
        this.settings = settings;
    }

    /** A synthesizer for a loaded checkpoint: its model, codec and vocabulary (the one tokenization path). */
    public static Synthesizer of(LoadedTts tts, Vocoder vocoder, SynthesisSettings settings) {
        return new Synthesizer(tts.model(), tts.parameters(), tts.manager(), tts.codec(), tts.vocabulary()::segment,
                vocoder, settings);
    }

    public SynthesisSettings settings() {
        return settings;
    }

    public int sampleRate() {
        return vocoder.melConfig().sampleRate();
    }

    /** The segments a text is synthesized in. */
    public List<Segment> segments(String rawText) {
        int max = Math.min(settings.maxTextTokensPerSegment(), model.config().maxTextTokens());
        return segmenter.segment(rawText, max);
    }

    public Synthesis synthesize(String rawText, SpeakerReferences.Reference speaker, long seed) {
        CodeSampler sampler = new CodeSampler(settings.sampling(), seed);
        int rate = sampleRate();
        int fade = rate * settings.fadeMillis() / 1000;
        int pause = rate * settings.pauseMillis() / 1000;
        List<Synthesis.SegmentResult> results = new ArrayList<>();
        List<float[][]> mels = new ArrayList<>();
        List<float[]> pieces = new ArrayList<>();
        for (Segment segment : segments(rawText)) {
            if (segment.ids().length == 0) {
                continue;
            }
            Synthesis.SegmentResult result = generate(segment, speaker, sampler);
            results.add(result);
            if (result.codes().length == 0) {
                continue;
            }
            float[][] mel = codec.decode(result.codes());
            mels.add(mel);
            float[] samples = vocoder.synthesize(mel);
            fadeEdges(samples, fade);
            if (!pieces.isEmpty()) {
                pieces.add(new float[pause]);
            }
            pieces.add(samples);
        }
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        float[] samples = new float[total];
        int at = 0;
        for (float[] p : pieces) {
            System.arraycopy(p, 0, samples, at, p.length);
            at += p.length;
        }
        float[][] mel = mels.stream().flatMap(Arrays::stream).toArray(float[][]::new);
        return new Synthesis(samples, rate, mel, List.copyOf(results));
    }

    /** Codes for one segment, on {@link EngineThreads#GENERATION} engine threads (batch 1 runs fastest on one). */
    private Synthesis.SegmentResult generate(Segment segment, SpeakerReferences.Reference speaker, CodeSampler sampler) {
        return EngineThreads.with(EngineThreads.GENERATION, () -> generateCodes(segment, speaker, sampler));
    }

    private Synthesis.SegmentResult generateCodes(Segment segment, SpeakerReferences.Reference speaker, CodeSampler sampler) {
        GptConfig config = model.config();
        int maxCodes = Math.min(settings.sampling().maxCodes(), config.maxCodeTokens());
        if (settings.maxCodesPerCharacter() > 0) {
            maxCodes = Math.min(maxCodes, settings.maxCodesPerCharacter() * Math.max(1, segment.text().strip().length()) + 20);
        }
        int[] text = new int[segment.ids().length + 2];
        text[0] = config.textStart();
        System.arraycopy(segment.ids(), 0, text, 1, segment.ids().length);
        text[text.length - 1] = config.textStop();
        int[] codes = new int[maxCodes];
        try (NDScope scope = new NDScope()) {
            SpeechGpt.Decoding decoding = model.startDecoding(ps,
                    manager.create(speaker.window(), new Shape(1, speaker.frames(), speaker.mels())),
                    manager.create(text, new Shape(1, text.length)));
            for (int n = 0; n < maxCodes; n++) {
                float[] logits = decoding.nextCodeLogits().toFloatArray();
                // The start code is never an output; the stop code ends the segment.
                int next = sampler.choose(logits, codes, n, config.codeStart());
                if (next == config.codeStop()) {
                    return new Synthesis.SegmentResult(segment.text(), segment.ids().length, Arrays.copyOf(codes, n), true);
                }
                codes[n] = next;
                decoding.append(next);
            }
        }
        return new Synthesis.SegmentResult(segment.text(), segment.ids().length, codes, false);
    }

    private static void fadeEdges(float[] samples, int fade) {
        int n = Math.min(fade, samples.length / 2);
        for (int i = 0; i < n; i++) {
            float gain = (float) i / n;
            samples[i] *= gain;
            samples[samples.length - 1 - i] *= gain;
        }
    }
}
