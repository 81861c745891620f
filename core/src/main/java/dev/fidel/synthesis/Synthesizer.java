package dev.fidel.synthesis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fidel.codec.AudioCodec;
import dev.fidel.model.GptConfig;
import dev.fidel.model.SpeechGpt;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.util.EngineThreads;
import dev.fidel.vocabulary.Segment;
import dev.fidel.vocoder.Vocoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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
    public static Synthesizer of(TtsCheckpoint tts, Vocoder vocoder, SynthesisSettings settings) {
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

    /** One text, as {@link #synthesize(List, SpeakerReferences.Reference, long, int)} with batch size 1. */
    public Synthesis synthesize(String rawText, SpeakerReferences.Reference speaker, long seed) {
        return synthesize(List.of(rawText), speaker, seed, 1).get(0);
    }

    /**
     * Several texts, their segments generated {@code batchSize} at a time in one padded batch (each row stops on its
     * own), each finished segment vocoded at once on a pool of one thread per core while generation goes on. Each text draws from a
     * {@link CodeSampler} of its own seeded with {@code seed}, its segments in order, exactly as when it is synthesized
     * alone: which texts share a batch changes no draw (the k-th segments of all texts form the k-th wave of batches).
     * With batch size 1 the work is the one-text path, step for step.
     */
    public List<Synthesis> synthesize(List<String> rawTexts, SpeakerReferences.Reference speaker, long seed, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " < 1");
        }
        List<List<Row>> texts = new ArrayList<>();
        for (String rawText : rawTexts) {
            CodeSampler sampler = new CodeSampler(settings.sampling(), seed);
            texts.add(segments(rawText).stream().filter(s -> s.ids().length > 0).map(s -> new Row(s, sampler)).toList());
        }
        try (SegmentVocoder vocoding = new SegmentVocoder(codec, vocoder, batchSize == 1 ? 0 : Runtime.getRuntime().availableProcessors(),
                sampleRate() * settings.fadeMillis() / 1000)) {
            int waves = texts.stream().mapToInt(List::size).max().orElse(0);
            for (int wave = 0; wave < waves; wave++) {
                List<Row> rows = new ArrayList<>();
                for (List<Row> text : texts) {
                    if (wave < text.size()) {
                        rows.add(text.get(wave));
                    }
                }
                for (int from = 0; from < rows.size(); from += batchSize) {
                    List<Row> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
                    EngineThreads.with(EngineThreads.GENERATION, () -> generate(batch, speaker, vocoding));
                }
            }
            List<Synthesis> out = new ArrayList<>();
            for (List<Row> text : texts) {
                out.add(join(text, vocoding));
            }
            return out;
        }
    }

    /** One segment of one text: what it says, the text's sampler, and once generated its result. */
    private static final class Row {
        final Segment segment;
        final CodeSampler sampler;
        Synthesis.SegmentResult result;

        Row(Segment segment, CodeSampler sampler) {
            this.segment = segment;
            this.sampler = sampler;
        }
    }

    /** A text's segments, vocoded, joined by pauses. */
    private Synthesis join(List<Row> rows, SegmentVocoder vocoding) {
        int pause = sampleRate() * settings.pauseMillis() / 1000;
        List<Synthesis.SegmentResult> results = new ArrayList<>();
        List<float[][]> mels = new ArrayList<>();
        List<float[]> pieces = new ArrayList<>();
        for (Row row : rows) {
            results.add(row.result);
            SegmentVocoder.Voiced voiced = vocoding.result(row.result);
            if (voiced == null) {
                continue;
            }
            mels.add(voiced.mel());
            if (!pieces.isEmpty()) {
                pieces.add(new float[pause]);
            }
            pieces.add(voiced.samples());
        }
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        float[] samples = new float[total];
        int at = 0;
        for (float[] p : pieces) {
            System.arraycopy(p, 0, samples, at, p.length);
            at += p.length;
        }
        float[][] mel = mels.stream().flatMap(Arrays::stream).toArray(float[][]::new);
        return new Synthesis(samples, sampleRate(), mel, List.copyOf(results));
    }

    /** Codes for a batch of segments, one padded batch decoded in step; a row leaves the batch when it stops. */
    private Void generate(List<Row> rows, SpeakerReferences.Reference speaker, SegmentVocoder vocoding) {
        GptConfig config = model.config();
        int n = rows.size();
        int[][] texts = new int[n][];
        int[][] codes = new int[n][];
        for (int r = 0; r < n; r++) {
            Segment segment = rows.get(r).segment;
            texts[r] = new int[segment.ids().length + 2];
            texts[r][0] = config.textStart();
            System.arraycopy(segment.ids(), 0, texts[r], 1, segment.ids().length);
            texts[r][texts[r].length - 1] = config.textStop();
            codes[r] = new int[maxCodes(segment)];
        }
        try (NDScope scope = new NDScope()) {
            SpeechGpt.Decoding decoding = model.startDecoding(ps,
                    manager.create(speaker.window(), new Shape(1, speaker.frames(), speaker.mels())), texts);
            int[] active = IntStream.range(0, n).toArray();
            for (int step = 0; active.length > 0; step++) {
                float[] logits;
                try (NDScope stepScope = new NDScope()) {
                    logits = decoding.nextCodeLogits().toFloatArray();
                }
                int width = logits.length / active.length;
                int[] kept = new int[active.length];
                int[] next = new int[active.length];
                int keep = 0;
                for (int i = 0; i < active.length; i++) {
                    int r = active[i];
                    if (step == codes[r].length) {
                        finish(rows.get(r), codes[r], false, vocoding);
                        continue;
                    }
                    // The start code is never an output; the stop code ends the segment.
                    int chosen = rows.get(r).sampler.choose(Arrays.copyOfRange(logits, i * width, (i + 1) * width), codes[r], step,
                            config.codeStart());
                    if (chosen == config.codeStop()) {
                        finish(rows.get(r), Arrays.copyOf(codes[r], step), true, vocoding);
                        continue;
                    }
                    codes[r][step] = chosen;
                    kept[keep] = i;
                    next[keep++] = chosen;
                }
                if (keep < active.length) {
                    int[] rowsLeft = new int[keep];
                    for (int i = 0; i < keep; i++) {
                        rowsLeft[i] = active[kept[i]];
                    }
                    if (keep > 0) {
                        decoding.retain(Arrays.copyOf(kept, keep));
                    }
                    active = rowsLeft;
                }
                if (keep > 0) {
                    decoding.append(Arrays.copyOf(next, keep));
                }
            }
        }
        return null;
    }

    /** Codes a segment may have: the sampling's cap, the model's, and the per-character cap when set. */
    private int maxCodes(Segment segment) {
        int maxCodes = Math.min(settings.sampling().maxCodes(), model.config().maxCodeTokens());
        if (settings.maxCodesPerCharacter() > 0) {
            maxCodes = Math.min(maxCodes, settings.maxCodesPerCharacter() * Math.max(1, segment.text().strip().length()) + 20);
        }
        return maxCodes;
    }

    private void finish(Row row, int[] codes, boolean stopped, SegmentVocoder vocoding) {
        row.result = new Synthesis.SegmentResult(row.segment.text(), row.segment.ids().length, codes, stopped);
        vocoding.submit(row.result);
    }
}
