package dev.fidel.vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a text for synthesis into segments of at most {@code maxTokens} tokens: at sentence ends
 * ({@code ። ፧ ! ?}) first, then at clause marks ({@code ፣ ፤} and commas), then between words, and
 * only as a last resort between two pieces of one word. It cuts the ids of {@link Vocabulary#encode}
 * and never inside a piece (nor between the byte pieces of one character), so the segments' ids
 * concatenate to the text's ids and their texts to the normalized text. Short neighbours are packed
 * together up to the maximum.
 */
final class Segmenter {

    private static final String SENTENCE_ENDS = "\u1362\u1367!?";
    private static final String CLAUSE_MARKS = "\u1363\u1364,\u060C";
    private static final int NEVER = Integer.MAX_VALUE;

    private final Vocabulary vocabulary;

    Segmenter(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** The segments of {@code normalized}, a text already normalized under the vocabulary's profile. */
    List<Segment> segmentNormalized(String normalized, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, not " + maxTokens);
        }
        int[] ids = vocabulary.encodeNormalized(normalized);
        if (ids.length == 0) {
            return List.of();
        }
        boolean prefix = vocabulary.model().addDummyPrefix();
        int[] escaped = ((prefix ? Character.toString(Piece.SPACE) : "") + normalized.replace(' ', Piece.SPACE))
                .codePoints().toArray();
        int[] ends = new int[ids.length];
        int[] level = new int[ids.length];
        if (!align(ids, escaped, ends, level)) {
            // The model's own normalizer changed the text (a foreign base model): no cut is safe.
            return List.of(new Segment(normalized, ids));
        }
        List<int[]> ranges = split(0, ids.length, 0, level, maxTokens);
        List<Segment> segments = new ArrayList<>();
        for (int[] r : ranges) {
            int from = r[0] == 0 ? (prefix ? 1 : 0) : ends[r[0] - 1];
            int to = ends[r[1] - 1];
            String text = new String(escaped, from, to - from).replace(Piece.SPACE, ' ');
            segments.add(new Segment(text, Arrays.copyOfRange(ids, r[0], r[1])));
        }
        return segments;
    }

    /** Fills each piece's end offset in the escaped text and the level of a cut after it. */
    private boolean align(int[] ids, int[] escaped, int[] ends, int[] level) {
        int offset = 0;
        int pendingBytes = 0;
        for (int k = 0; k < ids.length; k++) {
            Piece piece = vocabulary.piece(ids[k]);
            switch (piece.type()) {
                case BYTE -> {
                    int b = piece.byteValue();
                    if (pendingBytes == 0) {
                        pendingBytes = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                    }
                    if (--pendingBytes == 0) {
                        offset++;
                    }
                }
                case UNKNOWN -> offset++;
                case CONTROL -> {
                }
                default -> {
                    int[] cps = piece.text().codePoints().toArray();
                    if (offset + cps.length > escaped.length
                            || !Arrays.equals(cps, 0, cps.length, escaped, offset, offset + cps.length)) {
                        return false;
                    }
                    offset += cps.length;
                }
            }
            ends[k] = offset;
            level[k] = pendingBytes > 0 || offset == 0 ? NEVER : 3;
        }
        if (offset != escaped.length) {
            return false;
        }
        for (int k = 0; k + 1 < ids.length; k++) {
            if (level[k] == NEVER) {
                continue;
            }
            int last = escaped[ends[k] - 1];
            if (SENTENCE_ENDS.indexOf(last) >= 0) {
                level[k] = 0;
            } else if (CLAUSE_MARKS.indexOf(last) >= 0) {
                level[k] = 1;
            } else if (ends[k] < escaped.length && escaped[ends[k]] == Piece.SPACE) {
                level[k] = 2;
            }
        }
        level[ids.length - 1] = NEVER;
        return true;
    }

    /** Ranges [from, to) of ids, each at most maxTokens long, cutting at the given level or finer. */
    private List<int[]> split(int from, int to, int cutLevel, int[] level, int maxTokens) {
        if (to - from <= maxTokens || cutLevel > 3) {
            return List.of(new int[] {from, to});
        }
        List<int[]> out = new ArrayList<>();
        int packFrom = -1;
        int packTo = -1;
        int start = from;
        for (int k = from; k < to; k++) {
            if (k == to - 1 || level[k] <= cutLevel) {
                int unitTo = k + 1;
                if (unitTo - start > maxTokens) {
                    if (packFrom >= 0) {
                        out.add(new int[] {packFrom, packTo});
                        packFrom = -1;
                    }
                    out.addAll(split(start, unitTo, cutLevel + 1, level, maxTokens));
                } else if (packFrom >= 0 && unitTo - packFrom <= maxTokens) {
                    packTo = unitTo;
                } else {
                    if (packFrom >= 0) {
                        out.add(new int[] {packFrom, packTo});
                    }
                    packFrom = start;
                    packTo = unitTo;
                }
                start = unitTo;
            }
        }
        if (packFrom >= 0) {
            out.add(new int[] {packFrom, packTo});
        }
        return out;
    }
}
