package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The recognizer's output symbols: index 0 is the CTC blank, then one code point per class.
 * Whole Ethiopic syllables (not consonant + vowel pieces) are the classes, because a character
 * error rate is then exactly what the network is trained to minimize, and the corpus has a few
 * hundred syllables only. Built from training transcripts, it travels inside the saved recognizer.
 */
public final class CharacterSet {

    public static final int BLANK = 0;

    private final List<Integer> codePoints;
    private final Map<Integer, Integer> indexOf = new HashMap<>();

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CharacterSet(List<Integer> codePoints) {
        this.codePoints = List.copyOf(codePoints);
        for (int i = 0; i < this.codePoints.size(); i++) {
            if (indexOf.put(this.codePoints.get(i), i + 1) != null) {
                throw new IllegalArgumentException("character set lists U+" + Integer.toHexString(this.codePoints.get(i)) + " twice");
            }
        }
    }

    /** Every code point in the (already normalized) transcripts, sorted. */
    public static CharacterSet of(Collection<String> transcripts) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String t : transcripts) {
            t.codePoints().forEach(seen::add);
        }
        return new CharacterSet(new ArrayList<>(seen));
    }

    @JsonValue
    public List<Integer> codePoints() {
        return codePoints;
    }

    /** Number of classes, blank included. */
    public int size() {
        return codePoints.size() + 1;
    }

    public boolean contains(int codePoint) {
        return indexOf.containsKey(codePoint);
    }

    /** Class indices of {@code text}; code points outside the set are left out. */
    public int[] encode(String text) {
        return text.codePoints().filter(indexOf::containsKey).map(indexOf::get).toArray();
    }

    /** Text of class indices; the blank and unknown indices are left out. */
    public String decode(int[] indices) {
        StringBuilder sb = new StringBuilder();
        for (int i : indices) {
            if (i > 0 && i <= codePoints.size()) {
                sb.appendCodePoint(codePoints.get(i - 1));
            }
        }
        return sb.toString();
    }
}
