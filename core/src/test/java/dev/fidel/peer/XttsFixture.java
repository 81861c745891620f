package dev.fidel.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XTTS-like base {@code vocab.json} files, built the way XTTS v2's is laid out: {@code [STOP]} 0,
 * {@code [UNK]} 1, {@code [SPACE]} 2, the characters, merged pieces, language tags that are both added
 * tokens and vocabulary entries, a Whitespace pre-tokenizer and no normalizer; with holes in the ids and
 * merges listed twice (the library keeps the last rank).
 */
final class XttsFixture {

    static final String[] BASE_TEXT = {
        "the quick brown fox jumps over the lazy dog and then there was another thing",
        "she said that they were going to the station in the morning, weren't they?",
        "this is the first test of the tokenizer; it should work with everything here!",
        "twelve point five seconds, one hundred thousand people; the weather is nice today.",
        "der schnelle braune fuchs springt über den faulen hund und die katze schläft.",
        "ich möchte heute abend ins theater gehen, aber es regnet schon wieder.",
        "le chat est sur la table et il regarde par la fenêtre, c'est très joli.",
        "nous avons mangé des crêpes à la gare avant le départ du train.",
        "быстрая коричневая лиса прыгает через ленивую собаку, и это всё.",
        "мы пойдём в театр сегодня вечером, если не будет дождя.",
        "我们今天去北京，你好吗？中文也可以。",
        "γεια σου κόσμε, τι κάνεις σήμερα;",
    };

    static final String[] TAGS = {"[en]", "[de]", "[fr]", "[ru]", "[zh-cn]", "[el]"};
    private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private XttsFixture() {
    }

    static Map<String, Long> words(List<String> lines) {
        Map<String, Long> words = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = WORDS.matcher(line);
            while (m.find()) {
                words.merge(m.group(), 1L, Long::sum);
            }
        }
        return words;
    }

    /** The realistic small base: 300 merges on {@link #BASE_TEXT}, three of them repeated, two holes. */
    static Path realistic(Path file, boolean listMerges) throws IOException {
        return build(file, List.of(BASE_TEXT), 300, new int[] {0, 5, 20}, new int[] {3, 40}, listMerges, new Random(1));
    }

    /** A bigger base: {@code merges} merges learned on {@code lines}, five of them repeated, holes. */
    static Path large(Path file, List<String> lines, int merges) throws IOException {
        return build(file, lines, merges, new int[] {0, 1, 50, 700, merges - 1}, new int[] {2, 30, 60}, false,
                new Random(2));
    }

    /**
     * A random base on random words of a random alphabet, for the property test.
     */
    static Path random(Path file, Random random) throws IOException {
        String alphabet = "abcdefghijklmnopqrstuvwxyzäöüéабвгдежзийклмнопрстуфхцчшщыьэюя0123456789";
        int letters = 6 + random.nextInt(20);
        StringBuilder chosen = new StringBuilder();
        for (int i = 0; i < letters; i++) {
            chosen.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        List<String> lines = new ArrayList<>();
        for (int l = 0; l < 30; l++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                int len = 1 + random.nextInt(7);
                for (int c = 0; c < len; c++) {
                    sb.append(chosen.charAt(random.nextInt(chosen.length())));
                }
                sb.append(random.nextInt(6) == 0 ? ", " : " ");
            }
            lines.add(sb.toString().trim() + ".");
        }
        int merges = 5 + random.nextInt(120);
        int[] repeats = random.ints(random.nextInt(6), 0, merges).toArray();
        int[] holes = random.ints(random.nextInt(4), 0, 40).toArray();
        return build(file, lines, merges, repeats, holes, random.nextBoolean(), random);
    }

    /** The text a base was built from: its characters are the base language. */
    static String baseCharacters(Path vocabJson) throws IOException {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(vocabJson.toFile());
        StringBuilder sb = new StringBuilder();
        root.get("model").get("vocab").fieldNames().forEachRemaining(k -> {
            if (k.codePointCount(0, k.length()) == 1) {
                sb.append(k);
            }
        });
        return sb.toString();
    }

    private static Path build(Path file, List<String> lines, int mergeCount, int[] repeated, int[] holeAfter,
            boolean listMerges, Random random) throws IOException {
        Map<String, Long> words = words(lines);
        TreeSet<String> chars = new TreeSet<>();
        words.keySet().forEach(w -> w.codePoints().forEach(c -> chars.add(Character.toString(c))));
        for (char c : "0123456789.,!?'-".toCharArray()) {
            chars.add(Character.toString(c));
        }
        List<MergeLearner.Learned> merges = new MergeLearner(words, (a, b) -> true, 16).learn(mergeCount);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode vocab = mapper.createObjectNode();
        int id = 0;
        for (String special : List.of("[STOP]", "[UNK]", "[SPACE]")) {
            addedToken(added, id, special);
            vocab.put(special, id++);
        }
        int n = 0;
        for (String c : chars) {
            vocab.put(c, id++);
            for (int h : holeAfter) {
                if (h == n) {
                    id += 1 + random.nextInt(5); // a hole in the ids
                }
            }
            n++;
        }
        ArrayNode mergeList = mapper.createArrayNode();
        for (MergeLearner.Learned m : merges) {
            if (!vocab.has(m.text())) {
                vocab.put(m.text(), id++);
            }
            addMerge(mergeList, m, listMerges);
        }
        for (int r : repeated) {
            if (r < merges.size()) {
                addMerge(mergeList, merges.get(r), listMerges); // listed twice: the later rank counts
            }
        }
        id += 3; // a hole before the tags
        for (String tag : TAGS) {
            addedToken(added, id, tag);
            vocab.put(tag, id++);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putNull("post_processor");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "[UNK]");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.set("vocab", vocab);
        model.set("merges", mergeList);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, XttsVocabularyExtender.write(root));
        return file;
    }

    private static void addMerge(ArrayNode list, MergeLearner.Learned m, boolean listForm) {
        if (listForm) {
            list.addArray().add(m.left()).add(m.right());
        } else {
            list.add(m.left() + " " + m.right());
        }
    }

    private static void addedToken(ArrayNode added, int id, String content) {
        added.addObject().put("id", id).put("content", content).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
    }
}
