package dev.fidel.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** A small PeerTokenizer for tests: greedy longest match over its non-special tokens, unknown characters as its unk id. */
record FakeTokenizer(Format format, Path file, List<String> tokens, Set<Integer> specials, int unk) implements PeerTokenizer {

    @Override
    public int rows() {
        return tokens.size();
    }

    @Override
    public Optional<String> token(int id) {
        return id >= 0 && id < tokens.size() && tokens.get(id) != null ? Optional.of(tokens.get(id)) : Optional.empty();
    }

    @Override
    public OptionalInt id(String token) {
        int i = tokens.indexOf(token);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }

    @Override
    public int[] encode(String text) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) != null && !specials.contains(i)) {
                ids.put(format == Format.SENTENCEPIECE_MODEL ? tokens.get(i).replace('\u2581', ' ') : tokens.get(i), i);
            }
        }
        List<Integer> out = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int best = -1;
            int bestLength = 0;
            for (int end = text.length(); end > at; end--) {
                Integer id = ids.get(text.substring(at, end));
                if (id != null) {
                    best = id;
                    bestLength = end - at;
                    break;
                }
            }
            if (best < 0) {
                out.add(unk);
                at += Character.charCount(text.codePointAt(at));
            } else {
                out.add(best);
                at += bestLength;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean isSpecial(int id) {
        return specials.contains(id);
    }

    /** This tokenizer with more tokens appended (and more specials). */
    FakeTokenizer extended(Path file, List<String> more, Set<Integer> moreSpecials) {
        List<String> all = new ArrayList<>(tokens);
        all.addAll(more);
        Set<Integer> sp = new java.util.HashSet<>(specials);
        sp.addAll(moreSpecials);
        return new FakeTokenizer(format, file, all, sp, unk);
    }
}
