package dev.fidel.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XTTS v2's {@code vocab.json}: a Hugging Face {@code tokenizers} file with a BPE model, read and encoded
 * as the {@code tokenizers} library does it, and as XTTS's {@code VoiceBpeTokenizer} calls it (spaces
 * written {@code [SPACE]} before encoding):
 * <ol>
 * <li>the text is cut at the added tokens ({@code [SPACE]}, {@code [en]}, ...), leftmost-longest;
 * <li>the rest is normalized (none in XTTS; Lowercase, NF* and Sequence are read too) and pre-tokenized
 * (XTTS: {@code Whitespace}, words {@code \w+|[^\w\s]+});
 * <li>each word is split into characters (unknown ones become {@code [UNK]}) and merged pair by pair,
 * always the pair whose merge comes first in {@code model.merges}; a merge listed twice has its
 * <b>last</b> rank, as the library builds its map.
 * </ol>
 * Added tokens are matched on the text before normalization, which is what the library does for XTTS's
 * (all {@code "normalized": false}, and no normalizer); {@code dropout} is not applied (XTTS has none).
 * The parsed JSON is kept so that an extension changes nothing but what it appends.
 */
public final class XttsVocabulary implements PeerTokenizer {

    /** What XTTS's tokenizer writes for a space before encoding. */
    public static final String SPACE = "[SPACE]";
    private static final Pattern WHITESPACE_WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE_SPLIT = Pattern.compile("\\S+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TAG = Pattern.compile("\\[[^\\[\\]\\s]+\\]");

    /** One merge as the file lists it. */
    record Merge(String left, String right) {
        String text(String prefix) {
            return left + (prefix != null && right.startsWith(prefix) ? right.substring(prefix.length()) : right);
        }
    }

    /** One entry of {@code added_tokens}. */
    record AddedToken(int id, String content, boolean special, boolean singleWord, boolean lstrip, boolean rstrip) {
    }

    private final Path file;
    private final ObjectNode root;
    private final Map<String, Integer> vocab;
    private final List<Merge> merges;
    private final boolean listMerges;
    private final List<AddedToken> added;
    private final Map<Integer, String> byId = new HashMap<>();
    private final Set<Integer> addedIds = new HashSet<>();
    private final Map<Long, int[]> pairs = new HashMap<>();
    private final String unkToken;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final String prefix;
    private final String suffix;
    private final UnaryOperator<String> normalizer;
    private final Pattern preTokenizer;
    private final int rows;

    private XttsVocabulary(Path file, ObjectNode root) throws IOException {
        this.file = file;
        this.root = root;
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw error("has no \"model\" object: not a Hugging Face tokenizers file");
        }
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) {
            throw error("model.type is " + type + ": Fidel reads a BPE vocab.json (XTTS v2)");
        }
        vocab = readVocab(model.get("vocab"));
        List<Merge> m = new ArrayList<>();
        listMerges = readMerges(model.get("merges"), m);
        merges = List.copyOf(m);
        unkToken = text(model.get("unk_token"));
        prefix = text(model.get("continuing_subword_prefix"));
        suffix = text(model.get("end_of_word_suffix"));
        fuseUnk = model.path("fuse_unk").asBoolean(false);
        byteFallback = model.path("byte_fallback").asBoolean(false);
        ignoreMerges = model.path("ignore_merges").asBoolean(false);
        added = readAdded(root.get("added_tokens"));
        normalizer = readNormalizer(root.get("normalizer"), "normalizer");
        preTokenizer = readPreTokenizer(root.get("pre_tokenizer"));
        int max = -1;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            byId.putIfAbsent(e.getValue(), e.getKey());
            max = Math.max(max, e.getValue());
        }
        for (AddedToken t : added) {
            byId.putIfAbsent(t.id(), t.content());
            addedIds.add(t.id());
            max = Math.max(max, t.id());
        }
        rows = max + 1;
        Integer unk = unkToken == null ? null : vocab.get(unkToken);
        if (unkToken != null && unk == null) {
            throw error("model.unk_token " + unkToken + " is not in model.vocab");
        }
        unkId = unk == null ? -1 : unk;
        for (int rank = 0; rank < merges.size(); rank++) {
            Merge merge = merges.get(rank);
            Integer a = vocab.get(merge.left());
            Integer b = vocab.get(merge.right());
            Integer ab = vocab.get(merge.text(prefix));
            if (a == null || b == null || ab == null) {
                String missing = a == null ? merge.left() : b == null ? merge.right() : merge.text(prefix);
                throw error("model.merges[" + rank + "] (" + merge.left() + " " + merge.right() + "): " + missing
                        + " is not in model.vocab (the tokenizers library refuses such a file too)");
            }
            pairs.put(key(a, b), new int[] {rank, ab}); // a repeated merge keeps its last rank
        }
    }

    static XttsVocabulary read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object: not a vocab.json");
        }
        return new XttsVocabulary(file, (ObjectNode) root);
    }

    private IOException error(String what) {
        return new IOException(file + ": " + what);
    }

    private Map<String, Integer> readVocab(JsonNode node) throws IOException {
        if (node == null || !node.isObject()) {
            throw error("model.vocab is missing or not an object");
        }
        Map<String, Integer> v = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber() || e.getValue().intValue() < 0) {
                throw error("model.vocab[\"" + e.getKey() + "\"] is " + e.getValue() + ", not an id (a whole number >= 0)");
            }
            v.put(e.getKey(), e.getValue().intValue());
        }
        return v;
    }

    /** Reads the merges in file order; true when they are written as {@code ["a","b"]} lists. */
    private boolean readMerges(JsonNode node, List<Merge> out) throws IOException {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isArray()) {
            throw error("model.merges is not an array");
        }
        boolean lists = false;
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            if (m.isTextual()) {
                String[] parts = m.asText().split(" ", -1);
                if (parts.length != 2) {
                    throw error("model.merges[" + i + "] \"" + m.asText() + "\" is not two tokens separated by one space");
                }
                out.add(new Merge(parts[0], parts[1]));
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                out.add(new Merge(m.get(0).asText(), m.get(1).asText()));
                lists = true;
            } else {
                throw error("model.merges[" + i + "] is " + m + ", neither \"a b\" nor [\"a\", \"b\"]");
            }
        }
        return lists;
    }

    private List<AddedToken> readAdded(JsonNode node) throws IOException {
        List<AddedToken> list = new ArrayList<>();
        if (node == null || node.isNull()) {
            return list;
        }
        if (!node.isArray()) {
            throw error("added_tokens is not an array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            if (!t.path("id").isIntegralNumber() || t.path("id").intValue() < 0 || !t.path("content").isTextual()
                    || t.path("content").asText().isEmpty()) {
                throw error("added_tokens[" + i + "] needs an \"id\" (a whole number >= 0) and a non-empty \"content\"");
            }
            list.add(new AddedToken(t.get("id").intValue(), t.get("content").asText(), t.path("special").asBoolean(false),
                    t.path("single_word").asBoolean(false), t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false)));
        }
        return list;
    }

    private UnaryOperator<String> readNormalizer(JsonNode node, String where) throws IOException {
        if (node == null || node.isNull()) {
            return UnaryOperator.identity();
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "Lowercase":
                return s -> s.toLowerCase(Locale.ROOT);
            case "NFC":
                return s -> Normalizer.normalize(s, Normalizer.Form.NFC);
            case "NFD":
                return s -> Normalizer.normalize(s, Normalizer.Form.NFD);
            case "NFKC":
                return s -> Normalizer.normalize(s, Normalizer.Form.NFKC);
            case "NFKD":
                return s -> Normalizer.normalize(s, Normalizer.Form.NFKD);
            case "Sequence": {
                List<UnaryOperator<String>> steps = new ArrayList<>();
                JsonNode list = node.path("normalizers");
                for (int i = 0; i < list.size(); i++) {
                    steps.add(readNormalizer(list.get(i), where + ".normalizers[" + i + "]"));
                }
                return s -> {
                    for (UnaryOperator<String> step : steps) {
                        s = step.apply(s);
                    }
                    return s;
                };
            }
            default:
                throw error(where + " is of type \"" + type + "\", which Fidel's reader does not apply "
                        + "(it reads none, Lowercase, NFC, NFD, NFKC, NFKD and Sequence; XTTS v2 has none)");
        }
    }

    private Pattern readPreTokenizer(JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "Whitespace" -> WHITESPACE_WORDS;
            case "WhitespaceSplit" -> WHITESPACE_SPLIT;
            default -> throw error("pre_tokenizer is of type \"" + type + "\"; Fidel's reader applies Whitespace "
                    + "(XTTS v2's) and WhitespaceSplit");
        };
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    @Override
    public Format format() {
        return Format.XTTS_VOCAB_JSON;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public Optional<String> token(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            for (AddedToken t : added) {
                if (t.content().equals(token)) {
                    return OptionalInt.of(t.id());
                }
            }
            return OptionalInt.empty();
        }
        return OptionalInt.of(id);
    }

    /** As XTTS's {@code VoiceBpeTokenizer.encode} without its language tag: spaces become {@code [SPACE]}. */
    @Override
    public int[] encode(String text) {
        return encodeRaw(text.replace(" ", SPACE));
    }

    @Override
    public boolean isSpecial(int id) {
        if (id == unkId || addedIds.contains(id)) {
            return true;
        }
        String token = byId.get(id);
        return token != null && TAG.matcher(token).matches();
    }

    /** {@code Tokenizer.encode(text).ids} of the {@code tokenizers} library, with no post-processor. */
    int[] encodeRaw(String text) {
        List<Integer> ids = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int[] match = addedAt(text, i);
            if (match == null) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            AddedToken t = added.get(match[0]);
            int from = i;
            int to = i + t.content().length();
            if (t.lstrip()) {
                while (from > start && Character.isWhitespace(text.charAt(from - 1))) {
                    from--;
                }
            }
            if (t.rstrip()) {
                while (to < text.length() && Character.isWhitespace(text.charAt(to))) {
                    to++;
                }
            }
            encodeSegment(text.substring(start, from), ids);
            ids.add(t.id());
            start = to;
            i = to;
        }
        encodeSegment(text.substring(start), ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The longest added token starting at {@code i} (index into {@link #added}), or null. */
    private int[] addedAt(String text, int i) {
        int best = -1;
        for (int k = 0; k < added.size(); k++) {
            AddedToken t = added.get(k);
            if (text.startsWith(t.content(), i) && (best < 0 || t.content().length() > added.get(best).content().length())
                    && (!t.singleWord() || wordBoundary(text, i, i + t.content().length()))) {
                best = k;
            }
        }
        return best < 0 ? null : new int[] {best};
    }

    private static boolean wordBoundary(String text, int from, int to) {
        boolean before = from == 0 || !Character.isLetterOrDigit(text.codePointBefore(from));
        boolean after = to >= text.length() || !Character.isLetterOrDigit(text.codePointAt(to));
        return before && after;
    }

    private void encodeSegment(String segment, List<Integer> ids) {
        if (segment.isEmpty()) {
            return;
        }
        String normalized = normalizer.apply(segment);
        if (preTokenizer == null) {
            encodeWord(normalized, ids);
            return;
        }
        Matcher m = preTokenizer.matcher(normalized);
        while (m.find()) {
            encodeWord(m.group(), ids);
        }
    }

    /** The BPE model on one pre-token. */
    void encodeWord(String word, List<Integer> ids) {
        if (word.isEmpty()) {
            return;
        }
        if (ignoreMerges && vocab.containsKey(word)) {
            ids.add(vocab.get(word));
            return;
        }
        int[] cps = word.codePoints().toArray();
        List<Integer> symbols = new ArrayList<>(cps.length);
        boolean lastUnk = false;
        for (int i = 0; i < cps.length; i++) {
            String s = Character.toString(cps[i]);
            if (i > 0 && prefix != null) {
                s = prefix + s;
            }
            if (i == cps.length - 1 && suffix != null) {
                s = s + suffix;
            }
            Integer id = vocab.get(s);
            if (id != null) {
                symbols.add(id);
                lastUnk = false;
            } else if (byteFallback && bytesKnown(cps[i])) {
                for (byte b : Character.toString(cps[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    symbols.add(vocab.get(String.format(Locale.ROOT, "<0x%02X>", b & 0xFF)));
                }
                lastUnk = false;
            } else if (unkId >= 0) {
                if (!(fuseUnk && lastUnk)) {
                    symbols.add(unkId);
                }
                lastUnk = true;
            }
        }
        while (symbols.size() > 1) {
            int bestPos = -1;
            int[] best = null;
            for (int p = 0; p + 1 < symbols.size(); p++) {
                int[] merge = pairs.get(key(symbols.get(p), symbols.get(p + 1)));
                if (merge != null && (best == null || merge[0] < best[0])) {
                    best = merge;
                    bestPos = p;
                }
            }
            if (best == null) {
                break;
            }
            symbols.set(bestPos, best[1]);
            symbols.remove(bestPos + 1);
        }
        ids.addAll(symbols);
    }

    private boolean bytesKnown(int cp) {
        for (byte b : Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (!vocab.containsKey(String.format(Locale.ROOT, "<0x%02X>", b & 0xFF))) {
                return false;
            }
        }
        return true;
    }

    boolean isUnknown(int id) {
        return id == unkId;
    }

    boolean isByte(int id) {
        String token = byId.get(id);
        return byteFallback && token != null && token.matches("<0x[0-9A-F]{2}>");
    }

    // What the extension reads.

    ObjectNode json() {
        return root.deepCopy();
    }

    Map<String, Integer> vocab() {
        return vocab;
    }

    List<Merge> merges() {
        return merges;
    }

    boolean listMerges() {
        return listMerges;
    }

    List<AddedToken> addedTokens() {
        return added;
    }

    String continuingSubwordPrefix() {
        return prefix;
    }

    String endOfWordSuffix() {
        return suffix;
    }

    /** The words the pre-tokenizer makes of a text without added tokens (normalized first). */
    List<String> words(String text) {
        List<String> words = new ArrayList<>();
        String normalized = normalizer.apply(text);
        if (preTokenizer == null) {
            words.add(normalized);
        } else {
            Matcher m = preTokenizer.matcher(normalized);
            while (m.find()) {
                words.add(m.group());
            }
        }
        return words;
    }
}
