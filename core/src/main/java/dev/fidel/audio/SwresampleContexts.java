package dev.fidel.audio;

import static org.bytedeco.ffmpeg.global.swresample.swr_free;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * The swresample contexts of one {@link AudioDecoder} that no file is using, kept for the next file with the same input
 * (sample format, rate, channel layout), so its filter bank is built once rather than per file; {@code swr_init} resets
 * the rest, so a reused context converts exactly as a new one. At most {@link #IDLE} are kept per input; all are freed
 * when the decoder is collected.
 */
final class SwresampleContexts {

    static final int IDLE = 8;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Map<String, Queue<SwrContext>> idle = new ConcurrentHashMap<>();

    SwresampleContexts(Object owner) {
        Map<String, Queue<SwrContext>> contexts = idle;
        CLEANER.register(owner, () -> contexts.values().forEach(SwresampleContexts::free));
    }

    /** An idle context last set up for {@code input}, or a new (null) one that swr_alloc_set_opts2 allocates. */
    SwrContext take(String input) {
        Queue<SwrContext> q = idle.get(input);
        SwrContext c = q == null ? null : q.poll();
        return c != null ? c : new SwrContext(null);
    }

    /** Keeps {@code context}, set up for {@code input} and no longer used, for the next file with that input. */
    void give(String input, SwrContext context) {
        Queue<SwrContext> q = idle.computeIfAbsent(input, k -> new ConcurrentLinkedQueue<>());
        if (q.size() < IDLE) {
            q.add(context);
        } else {
            swr_free(context);
        }
    }

    private static void free(Queue<SwrContext> q) {
        for (SwrContext c; (c = q.poll()) != null; ) {
            swr_free(c);
        }
    }
}
