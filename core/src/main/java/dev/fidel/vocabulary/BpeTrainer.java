package dev.fidel.vocabulary;

import dev.fidel.event.EventSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Byte-pair-encoding training with SentencePiece's rules, so that the pieces it learns are the ones
 * {@code spm_train --model_type=bpe} learns and the SentencePiece library segments with them the same
 * way:
 * <ol>
 * <li>each line becomes words that start with {@code ▁} (a space, and one in front of the line);
 * <li>the alphabet is the most frequent characters up to the character coverage, plus the required
 * characters; the others are unknown and never part of a piece;
 * <li>the most frequent adjacent pair is merged, ties going to the shorter, then the smaller (in code
 * point order) piece; a piece never mixes Unicode scripts, never has {@code ▁} after its start and is
 * at most {@code maxPieceLength} characters; a piece reached by two paths is kept once;
 * <li>pieces are: {@code <unk> <s> </s>}, user-defined symbols, byte pieces, then merges in order
 * (score -rank), then the alphabet by frequency.
 * </ol>
 * Deterministic: the same lines and options always give the same pieces.
 */
public final class BpeTrainer {

    /** SentencePiece skips training lines longer than this many UTF-8 bytes. */
    static final int MAX_SENTENCE_BYTES = 4192;
    private static final int UNK = -1;
    private static final int ONLY_SPACE = -1;

    private final TrainerOptions options;
    private final EventSink events;

    /**
     * @param pieces the whole vocabulary, in id order
     * @param learned the pieces learned from the text: merges in order, then the alphabet
     * @param alphabetSize characters in the vocabulary
     * @param lines training lines used
     */
    public record Result(List<Piece> pieces, List<String> learned, int alphabetSize, long lines) {
    }

    public BpeTrainer(TrainerOptions options, EventSink events) {
        this.options = options;
        this.events = events;
    }

    /** The meta pieces that open every vocabulary Fidel trains. */
    List<Piece> metaPieces() {
        List<Piece> meta = new ArrayList<>();
        meta.add(new Piece(TrainerOptions.UNK, 0f, PieceType.UNKNOWN));
        meta.add(new Piece(TrainerOptions.BOS, 0f, PieceType.CONTROL));
        meta.add(new Piece(TrainerOptions.EOS, 0f, PieceType.CONTROL));
        for (String s : options.userDefinedSymbols()) {
            meta.add(new Piece(s, 0f, PieceType.USER_DEFINED));
        }
        if (options.byteFallback()) {
            for (int b = 0; b < 256; b++) {
                meta.add(Piece.ofByte(b));
            }
        }
        return meta;
    }

    /**
     * Learns pieces from normalized lines.
     *
     * @param maxLearned the most pieces (merges plus alphabet) to learn
     * @throws IllegalArgumentException when the alphabet alone is larger than {@code maxLearned}
     */
    public Result learn(Iterable<String> lines, int maxLearned) {
        return learn(lines, maxLearned, -1);
    }

    /**
     * Learns {@code merges} merges and the alphabet, or, with {@code merges} -1, as many merges as
     * {@code maxLearned} leaves beside the alphabet.
     */
    public Result learn(Iterable<String> lines, int maxLearned, int mergeCount) {
        Corpus corpus = new Corpus();
        long used = 0;
        for (String line : lines) {
            if (!line.isEmpty() && line.getBytes(StandardCharsets.UTF_8).length <= MAX_SENTENCE_BYTES) {
                corpus.addLine(line);
                used++;
            }
        }
        Map<Integer, Long> alphabet = corpus.alphabet();
        int merges = mergeCount >= 0 ? mergeCount : maxLearned - alphabet.size();
        if (merges < 0) {
            throw new IllegalArgumentException("the alphabet has " + alphabet.size()
                    + " characters, more than the " + maxLearned + " pieces left for learning");
        }
        List<String> learned = new Merger(corpus, alphabet).run(merges);
        alphabet.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> learned.add(Character.toString(e.getKey())));
        return new Result(List.of(), learned, alphabet.size(), used);
    }

    /** Trains a whole vocabulary of {@code options.vocabSize()} pieces (fewer if the text runs out). */
    public Result train(Iterable<String> lines) {
        List<Piece> pieces = metaPieces();
        Result learnedResult = learn(lines, options.vocabSize() - pieces.size());
        Set<String> seen = new HashSet<>();
        pieces.forEach(p -> seen.add(p.text()));
        int rank = 0;
        for (String s : learnedResult.learned()) {
            if (seen.add(s)) {
                pieces.add(new Piece(s, -rank++, PieceType.NORMAL));
            }
        }
        if (options.maxPieceLength() == 1) {
            events.info("a character vocabulary (max piece length 1): " + pieces.size() + " pieces");
        } else if (pieces.size() < options.vocabSize()) {
            events.warn("the text yields only " + pieces.size() + " pieces, fewer than the vocabulary size "
                    + options.vocabSize() + ": train on more text or choose a smaller size");
        }
        return new Result(List.copyOf(pieces), learnedResult.learned(), learnedResult.alphabetSize(), learnedResult.lines());
    }

    /** Distinct words with their counts, and character counts. */
    private final class Corpus {

        final Map<String, Long> words = new LinkedHashMap<>();

        void addLine(String line) {
            String text = Piece.SPACE + line.replace(' ', Piece.SPACE);
            for (String symbol : options.userDefinedSymbols()) {
                text = text.replace(symbol, "\u0000"); // never part of a learned piece
            }
            int start = 0;
            for (int i = 1; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == Piece.SPACE || text.charAt(i) == 0) {
                    String word = text.substring(start, i).replace("\u0000", "");
                    if (!word.isEmpty()) {
                        words.merge(word, 1L, Long::sum);
                    }
                    start = i;
                }
            }
        }

        /** The characters kept: the most frequent up to the coverage, and the required ones. */
        Map<Integer, Long> alphabet() {
            Map<Integer, Long> counts = new HashMap<>();
            long total = 0;
            for (Map.Entry<String, Long> w : words.entrySet()) {
                for (int c : w.getKey().codePoints().toArray()) {
                    counts.merge(c, w.getValue(), Long::sum);
                    total += w.getValue();
                }
            }
            List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            Map<Integer, Long> kept = new HashMap<>();
            long accumulated = 0;
            for (Map.Entry<Integer, Long> e : sorted) {
                if (total > 0 && (double) accumulated / total >= options.characterCoverage()) {
                    break;
                }
                accumulated += e.getValue();
                kept.put(e.getKey(), e.getValue());
            }
            if (sorted.size() > kept.size()) {
                events.info("character coverage " + options.characterCoverage() + " leaves out "
                        + (sorted.size() - kept.size()) + " rare characters");
            }
            options.requiredCharacters().codePoints()
                    .filter(c -> c != ' ' && c != Piece.SPACE)
                    .forEach(c -> kept.putIfAbsent(c, counts.getOrDefault(c, 0L)));
            return kept;
        }
    }

    /** The merge loop over the distinct words, with exact pair counts kept up to date. */
    private final class Merger {

        private final List<String> symbolText = new ArrayList<>();
        private final List<Integer> symbolLength = new ArrayList<>();
        private final List<Integer> symbolScript = new ArrayList<>();
        private final Map<String, Integer> symbolIds = new HashMap<>();
        private final int[][] sym;
        private final int[][] next;
        private final int[][] prev;
        private final long[] count;
        private final Map<Long, Pair> pairs = new HashMap<>();
        private final PriorityQueue<Entry> queue = new PriorityQueue<>(Entry.ORDER);

        Merger(Corpus corpus, Map<Integer, Long> alphabet) {
            int n = corpus.words.size();
            sym = new int[n][];
            next = new int[n][];
            prev = new int[n][];
            count = new long[n];
            int w = 0;
            for (Map.Entry<String, Long> e : corpus.words.entrySet()) {
                int[] cps = e.getKey().codePoints().toArray();
                sym[w] = new int[cps.length];
                next[w] = new int[cps.length];
                prev[w] = new int[cps.length];
                for (int i = 0; i < cps.length; i++) {
                    sym[w][i] = alphabet.containsKey(cps[i]) ? symbolOf(Character.toString(cps[i])) : UNK;
                    next[w][i] = i + 1 < cps.length ? i + 1 : -1;
                    prev[w][i] = i - 1;
                }
                count[w] = e.getValue();
                w++;
            }
            for (int word = 0; word < n; word++) {
                for (int i = 0; i + 1 < sym[word].length; i++) {
                    Pair p = pairOf(sym[word][i], sym[word][i + 1]);
                    if (p != null) {
                        p.positions.add(position(word, i));
                        p.freq += count[word];
                    }
                }
            }
            pairs.values().forEach(p -> queue.add(new Entry(p.freq, p.version, p)));
        }

        List<String> run(int maxMerges) {
            List<String> learned = new ArrayList<>();
            Set<String> dup = new HashSet<>();
            while (learned.size() < maxMerges) {
                Entry e = queue.poll();
                if (e == null) {
                    break;
                }
                Pair p = e.pair;
                if (p.done || e.version != p.version || e.freq == 0) {
                    continue;
                }
                if (p.left == p.right) {
                    long exact = nonOverlapping(p);
                    if (exact != e.freq) {
                        queue.add(new Entry(exact, ++p.version, p));
                        continue;
                    }
                }
                p.done = true;
                if (!dup.add(p.text)) {
                    continue; // reached by another path: SentencePiece keeps it once and does not merge
                }
                learned.add(p.text);
                merge(p);
                if (learned.size() % 500 == 0) {
                    events.progress("vocabulary merges", learned.size(), maxMerges, "freq " + p.freq + " " + p.text);
                }
            }
            return learned;
        }

        /** A pair of equal symbols counts once per run: "aaa" holds one "aa". */
        private long nonOverlapping(Pair p) {
            long[] positions = p.positions.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(positions);
            long freq = 0;
            long previousRight = -1;
            for (long pos : positions) {
                int w = (int) (pos >>> 32);
                if (pos == previousRight) {
                    previousRight = -1;
                    continue;
                }
                freq += count[w];
                previousRight = position(w, next[w][(int) pos]);
            }
            return freq;
        }

        private void merge(Pair p) {
            int merged = symbolOf(p.text);
            long[] positions = p.positions.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(positions);
            for (long pos : positions) {
                int w = (int) (pos >>> 32);
                int i = (int) pos;
                int j = next[w][i];
                if (sym[w][i] != p.left || j < 0 || sym[w][j] != p.right) {
                    continue; // overlapped by the previous merge ("aaa")
                }
                int before = prev[w][i];
                int after = next[w][j];
                if (before >= 0) {
                    remove(sym[w][before], sym[w][i], w, before);
                }
                if (after >= 0) {
                    remove(sym[w][j], sym[w][after], w, j);
                }
                sym[w][i] = merged;
                sym[w][j] = Integer.MIN_VALUE;
                next[w][i] = after;
                if (after >= 0) {
                    prev[w][after] = i;
                }
                if (before >= 0) {
                    add(sym[w][before], merged, w, before);
                }
                if (after >= 0) {
                    add(merged, sym[w][after], w, i);
                }
            }
            p.positions.clear();
        }

        private void add(int left, int right, int w, int i) {
            Pair p = pairOf(left, right);
            if (p != null && !p.done && p.positions.add(position(w, i))) {
                p.freq += count[w];
                queue.add(new Entry(p.freq, ++p.version, p));
            }
        }

        private void remove(int left, int right, int w, int i) {
            Pair p = pairs.get(key(left, right));
            if (p != null && !p.done && p.positions.remove(position(w, i))) {
                p.freq -= count[w];
                queue.add(new Entry(p.freq, ++p.version, p));
            }
        }

        /** The pair's record, or null when the two may not form a piece. */
        private Pair pairOf(int left, int right) {
            if (left == UNK || right == UNK) {
                return null;
            }
            long key = key(left, right);
            Pair p = pairs.get(key);
            if (p != null) {
                return p;
            }
            String rightText = symbolText.get(right);
            int length = symbolLength.get(left) + symbolLength.get(right);
            int ls = symbolScript.get(left);
            int rs = symbolScript.get(right);
            if (length > options.maxPieceLength() || rightText.indexOf(Piece.SPACE) >= 0
                    || ls != ONLY_SPACE && rs != ONLY_SPACE && ls != rs) {
                return null;
            }
            p = new Pair(left, right, symbolText.get(left) + rightText, length);
            pairs.put(key, p);
            return p;
        }

        private int symbolOf(String text) {
            Integer id = symbolIds.get(text);
            if (id != null) {
                return id;
            }
            int script = ONLY_SPACE;
            for (int c : text.codePoints().toArray()) {
                if (c != Piece.SPACE) {
                    script = script(c);
                }
            }
            symbolText.add(text);
            symbolLength.add(text.codePointCount(0, text.length()));
            symbolScript.add(script);
            symbolIds.put(text, symbolText.size() - 1);
            return symbolText.size() - 1;
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }

        private static long position(int word, int index) {
            return ((long) word << 32) | index;
        }
    }

    /** A character's script as SentencePiece groups them: kana count as Han, unknown as Common. */
    static int script(int c) {
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA || c == 0x30FC) {
            s = Character.UnicodeScript.HAN;
        } else if (s == Character.UnicodeScript.UNKNOWN) {
            s = Character.UnicodeScript.COMMON;
        }
        return s.ordinal();
    }

    private static final class Pair {
        final int left;
        final int right;
        final String text;
        final int length;
        final Set<Long> positions = new HashSet<>();
        long freq;
        int version;
        boolean done;

        Pair(int left, int right, String text, int length) {
            this.left = left;
            this.right = right;
            this.text = text;
            this.length = length;
        }
    }

    private record Entry(long freq, int version, Pair pair) {
        static final Comparator<Entry> ORDER = Comparator.comparingLong((Entry e) -> -e.freq)
                .thenComparingInt(e -> e.pair.length)
                .thenComparing((a, b) -> compareCodePoints(a.pair.text, b.pair.text));
    }

    /** Compares two strings by code point (not by UTF-16 unit, which puts supplementary characters early). */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
