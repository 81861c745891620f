package dev.fidel.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extends an XTTS {@code vocab.json} append-only. Everything the base holds stays as it is, in its order:
 * every id, every merge (repeats included: the library keeps a repeated merge's last rank, so the list is
 * never reordered or deduplicated), the added tokens, the other fields. Appended after the largest id:
 * <ol>
 * <li>the language tag (e.g. {@code [am]}), as an added token and a vocabulary entry, shaped like the
 * base's own tags;
 * <li>every character of the text the base lacks, and the required characters, most frequent first;
 * <li>merges learned on the text's words after all base merges, each with a part that holds a new
 * character: a merge of two base tokens would change how the base's own languages are split, and so
 * none is ever learned.
 * </ol>
 * Merges are written in the form the base uses ({@code "a b"} or {@code ["a", "b"]}).
 */
public final class XttsVocabularyExtender {

    /**
     * @param json the extended file's bytes
     * @param tagId the language tag's id
     * @param characters characters added
     * @param merges merges appended
     * @param piecesAdded vocabulary entries added (tag, characters, merged pieces)
     * @param rows the extended tokenizer's rows (largest id + 1)
     */
    public record Extension(byte[] json, int tagId, int characters, int merges, int piecesAdded, int rows) {
    }

    /** A mapper that keeps the order of the fields as read. */
    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    private XttsVocabularyExtender() {
    }

    /**
     * @param base the base vocab.json
     * @param lines normalized text (spaces between words)
     * @param requiredCharacters characters added whether the text has them or not (spaces ignored)
     * @param tag the language tag, e.g. {@code [am]}
     * @param rows the extended tokenizer's rows: the pieces learned fill what the tag and characters leave
     * @param maxPieceLength the longest piece a merge may make, in characters (1: characters only)
     * @throws IllegalArgumentException when the base cannot be extended (a continuing-subword prefix or
     *         end-of-word suffix, which XTTS's files do not have)
     */
    public static Extension extend(XttsVocabulary base, Iterable<String> lines, String requiredCharacters, String tag,
            int rows, int maxPieceLength) {
        if (base.continuingSubwordPrefix() != null || base.endOfWordSuffix() != null) {
            throw new IllegalArgumentException(base.file() + " uses a continuing-subword prefix or end-of-word suffix; "
                    + "Fidel extends BPE files without them (XTTS v2's)");
        }
        Map<String, Integer> vocab = base.vocab();
        Map<String, Long> words = new LinkedHashMap<>();
        Map<String, Long> newChars = new LinkedHashMap<>();
        for (String line : lines) {
            for (String word : base.words(line)) {
                words.merge(word, 1L, Long::sum);
                word.codePoints().mapToObj(Character::toString).filter(c -> !vocab.containsKey(c))
                        .forEach(c -> newChars.merge(c, 1L, Long::sum));
            }
        }
        requiredCharacters.codePoints().filter(c -> !Character.isWhitespace(c)).mapToObj(Character::toString)
                .filter(c -> !vocab.containsKey(c)).forEach(c -> newChars.putIfAbsent(c, 0L));
        List<String> chars = new ArrayList<>(newChars.keySet());
        chars.sort(Comparator.comparing((String c) -> -newChars.get(c)).thenComparing(dev.fidel.vocabulary.BpeTrainer::compareCodePoints));

        ObjectNode json = base.json();
        ObjectNode vocabNode = (ObjectNode) json.get("model").get("vocab");
        int next = base.rows();
        int added = 0;
        int tagId;
        if (base.id(tag).isPresent()) {
            tagId = base.id(tag).getAsInt();
        } else {
            tagId = next++;
            vocabNode.put(tag, tagId);
            addedTokens(json).add(tagEntry(base, tag, tagId));
            added++;
        }
        Set<String> present = new HashSet<>(vocab.keySet());
        present.add(tag);
        for (String c : chars) {
            vocabNode.put(c, next++);
            present.add(c);
            added++;
        }
        int room = Math.max(0, rows - next);
        Set<String> fresh = new HashSet<>(chars);
        List<MergeLearner.Learned> learned = new MergeLearner(words,
                (l, r) -> holdsAny(l, fresh) || holdsAny(r, fresh), maxPieceLength).learn(room);
        ArrayNode mergesNode = json.get("model").has("merges") && json.get("model").get("merges").isArray()
                ? (ArrayNode) json.get("model").get("merges") : ((ObjectNode) json.get("model")).putArray("merges");
        for (MergeLearner.Learned m : learned) {
            if (base.listMerges()) {
                mergesNode.addArray().add(m.left()).add(m.right());
            } else {
                mergesNode.add(m.left() + " " + m.right());
            }
            if (present.add(m.text())) {
                vocabNode.put(m.text(), next++);
                added++;
            }
        }
        return new Extension(write(json), tagId, chars.size(), learned.size(), added, next);
    }

    private static boolean holdsAny(String piece, Set<String> chars) {
        return piece.codePoints().anyMatch(c -> chars.contains(Character.toString(c)));
    }

    private static ArrayNode addedTokens(ObjectNode json) {
        JsonNode node = json.get("added_tokens");
        return node != null && node.isArray() ? (ArrayNode) node : json.putArray("added_tokens");
    }

    /** An added-token entry shaped like the base's own language tags (or its first added token). */
    private static ObjectNode tagEntry(XttsVocabulary base, String tag, int id) {
        JsonNode template = null;
        JsonNode list = base.json().get("added_tokens");
        if (list != null && list.isArray()) {
            for (JsonNode t : list) {
                if (template == null || t.path("content").asText().matches("\\[[a-z]{2}(-[a-z]+)?\\]")) {
                    template = t;
                }
            }
        }
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("id", id);
        entry.put("content", tag);
        if (template == null) {
            entry.put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false)
                    .put("special", true);
        } else {
            template.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("id") && !f.getKey().equals("content")) {
                    entry.set(f.getKey(), f.getValue().deepCopy());
                }
            });
        }
        return entry;
    }

    /** Pretty JSON as the tokenizers library saves it: two-space indent, {@code "key": value}. */
    static byte[] write(ObjectNode json) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (PLAIN.writer(printer).writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a vocab.json", e);
        }
    }
}
