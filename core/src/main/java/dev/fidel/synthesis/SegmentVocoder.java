package dev.fidel.synthesis;

import dev.fidel.codec.AudioCodec;
import dev.fidel.vocoder.Vocoder;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Generated segments to audio: codec decode to log-mel, the vocoder, faded edges. With threads, each segment is vocoded
 * on a pool as soon as its codes are complete, so vocoding overlaps the generation of the other rows and clips are
 * vocoded side by side (the vocoder is deterministic and thread-safe: the samples are the same either way); with none,
 * in the caller's thread when it is submitted.
 */
final class SegmentVocoder implements AutoCloseable {

    /** A segment's mel and faded samples. */
    record Voiced(float[][] mel, float[] samples) {
    }

    private final AudioCodec codec;
    private final Vocoder vocoder;
    private final int fade;
    private final ExecutorService pool;
    private final Map<Synthesis.SegmentResult, Future<Voiced>> pending = new IdentityHashMap<>();
    private final Map<Synthesis.SegmentResult, Voiced> done = new IdentityHashMap<>();

    SegmentVocoder(AudioCodec codec, Vocoder vocoder, int threads, int fadeSamples) {
        this.codec = codec;
        this.vocoder = vocoder;
        this.fade = fadeSamples;
        this.pool = threads == 0 ? null : Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, "fidel-vocoder");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts (or, without a pool, does) the vocoding of {@code segment}; a segment without codes gives no audio. */
    void submit(Synthesis.SegmentResult segment) {
        if (segment.codes().length == 0) {
            done.put(segment, null);
        } else if (pool == null) {
            done.put(segment, voice(segment.codes()));
        } else {
            pending.put(segment, pool.submit(() -> voice(segment.codes())));
        }
    }

    /** The audio of a submitted segment, waiting for it; null for a segment without codes. */
    Voiced result(Synthesis.SegmentResult segment) {
        if (done.containsKey(segment)) {
            return done.get(segment);
        }
        try {
            return pending.get(segment).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while vocoding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Voiced voice(int[] codes) {
        float[][] mel = codec.decode(codes);
        float[] samples = vocoder.synthesize(mel);
        fadeEdges(samples, fade);
        return new Voiced(mel, samples);
    }

    private static void fadeEdges(float[] samples, int fade) {
        int n = Math.min(fade, samples.length / 2);
        for (int i = 0; i < n; i++) {
            float gain = (float) i / n;
            samples[i] *= gain;
            samples[samples.length - 1 - i] *= gain;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
