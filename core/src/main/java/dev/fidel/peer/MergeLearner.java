package dev.fidel.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BiPredicate;
import static dev.fidel.vocabulary.BpeTrainer.compareCodePoints;

/**
 * Byte-pair merges as the Hugging Face {@code tokenizers} BPE trainer learns them on pre-tokenized words
 * (no word-boundary mark, no prefix): the most frequent adjacent pair is merged, again and again. Only
 * pairs that {@code allowed} accepts are counted, so an extension learns merges that never fire on the
 * base's own text. Ties go to the shorter piece, then to the smaller left and right parts in code point
 * order, so the same words always give the same merges.
 */
final class MergeLearner {

    /** One learned merge: the two parts and how often the pair stood side by side when it was chosen. */
    record Learned(String left, String right, long frequency) {
        String text() {
            return left + right;
        }
    }

    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> pairWords = new HashMap<>();
    private final Map<Long, Boolean> allowedPairs = new HashMap<>();
    /** Pair counts as they were when pushed; an entry whose count is no longer the pair's is skipped. */
    private final PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0])
            : better(a[1], b[1]) ? -1 : better(b[1], a[1]) ? 1 : 0);
    private final BiPredicate<String, String> allowed;
    private final int maxLength;
    private final int[][] words;
    private final long[] counts;

    /**
     * @param words distinct words with their counts
     * @param allowed which pairs may be merged
     * @param maxLength the longest piece, in code points
     */
    MergeLearner(Map<String, Long> words, BiPredicate<String, String> allowed, int maxLength) {
        this.allowed = allowed;
        this.maxLength = maxLength;
        this.words = new int[words.size()][];
        this.counts = new long[words.size()];
        int w = 0;
        for (Map.Entry<String, Long> e : words.entrySet()) {
            this.words[w] = e.getKey().codePoints().map(c -> symbolOf(Character.toString(c))).toArray();
            counts[w] = e.getValue();
            addPairs(w);
            w++;
        }
    }

    /** Learns at most {@code max} merges, fewer when no allowed pair is left. */
    List<Learned> learn(int max) {
        List<Learned> learned = new ArrayList<>();
        while (learned.size() < max) {
            long[] top = queue.poll();
            if (top == null) {
                break;
            }
            long best = top[1];
            long bestCount = top[0];
            Long current = pairCounts.get(best);
            if (current == null || current != bestCount || bestCount <= 0) {
                continue; // stale
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            learned.add(new Learned(symbols.get(left), symbols.get(right), bestCount));
            int merged = symbolOf(symbols.get(left) + symbols.get(right));
            for (int w : new ArrayList<>(pairWords.getOrDefault(best, Set.of()))) {
                removePairs(w);
                words[w] = merge(words[w], left, right, merged);
                addPairs(w);
            }
            pairCounts.remove(best);
            pairWords.remove(best);
        }
        return learned;
    }

    private boolean better(long a, long b) {
        String al = symbols.get((int) (a >>> 32));
        String ar = symbols.get((int) a);
        String bl = symbols.get((int) (b >>> 32));
        String br = symbols.get((int) b);
        int lengths = Integer.compare(length(al) + length(ar), length(bl) + length(br));
        if (lengths != 0) {
            return lengths < 0;
        }
        int lefts = compareCodePoints(al, bl);
        return lefts != 0 ? lefts < 0 : compareCodePoints(ar, br) < 0;
    }

    private static int[] merge(int[] word, int left, int right, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private void addPairs(int w) {
        int[] s = words[w];
        for (int i = 0; i + 1 < s.length; i++) {
            long key = key(s[i], s[i + 1]);
            if (isAllowed(key)) {
                queue.add(new long[] {pairCounts.merge(key, counts[w], Long::sum), key});
                pairWords.computeIfAbsent(key, k -> new HashSet<>()).add(w);
            }
        }
    }

    private void removePairs(int w) {
        int[] s = words[w];
        for (int i = 0; i + 1 < s.length; i++) {
            long key = key(s[i], s[i + 1]);
            if (isAllowed(key)) {
                queue.add(new long[] {pairCounts.merge(key, -counts[w], Long::sum), key});
                Set<Integer> ws = pairWords.get(key);
                if (ws != null) {
                    ws.remove(w);
                }
            }
        }
    }

    private boolean isAllowed(long key) {
        return allowedPairs.computeIfAbsent(key, k -> {
            String l = symbols.get((int) (k >>> 32));
            String r = symbols.get((int) (long) k);
            return length(l) + length(r) <= maxLength && allowed.test(l, r);
        });
    }

    private int symbolOf(String s) {
        return symbolIds.computeIfAbsent(s, k -> {
            symbols.add(k);
            return symbols.size() - 1;
        });
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }
}
