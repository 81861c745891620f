package dev.fidel.vocabulary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.FidelException;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a vocabulary is trained on or checked against: the {@code normalizedText} of prepared
 * manifests ({@code train.jsonl}: one prepared utterance a line, read for its {@code normalizedText}, else its
 * {@code text}; the vocabulary knows no more of data's manifest line) and the lines of plain UTF-8 text
 * files, all normalized with the vocabulary's profile (normalizing is idempotent).
 */
public final class TextLines {

    /** One normalized line and where it came from ({@code file:line}). */
    public record Line(String text, String source) {
    }

    /** The two fields of a manifest line the vocabulary reads (data's {@code Utterance}). */
    private static final String NORMALIZED_TEXT = "normalizedText";
    private static final String TEXT = "text";

    private TextLines() {
    }

    public static List<Line> read(List<Path> manifests, List<Path> texts, AmharicNormalizer normalizer)
            throws FidelException {
        List<Line> lines = new ArrayList<>();
        for (Path manifest : manifests) {
            require(manifest, "manifests");
            forEachLine(manifest, (text, n) -> {
                if (text.isBlank()) {
                    return;
                }
                JsonNode u;
                try {
                    u = Json.LINE.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new FidelException(manifest + ":" + n + ": not a manifest line: " + e.getOriginalMessage(),
                            "manifests", e);
                }
                if (!u.isObject()) {
                    throw new FidelException(manifest + ":" + n + ": not a manifest line: a JSON object was expected", "manifests", null);
                }
                String s = u.path(NORMALIZED_TEXT).isTextual() ? u.get(NORMALIZED_TEXT).asText()
                        : u.path(TEXT).isTextual() ? u.get(TEXT).asText() : null;
                add(lines, normalizer.normalize(s == null ? "" : s), manifest + ":" + n);
            });
        }
        for (Path file : texts) {
            require(file, "texts");
            forEachLine(file, (text, n) -> add(lines, normalizer.normalize(text), file + ":" + n));
        }
        if (lines.isEmpty()) {
            throw new FidelException("no text to work on: " + manifests + " and " + texts + " hold no line",
                    manifests.isEmpty() ? "texts" : "manifests", null);
        }
        return lines;
    }

    private static void add(List<Line> lines, String normalized, String source) {
        if (!normalized.isEmpty()) {
            lines.add(new Line(normalized, source));
        }
    }

    private static void require(Path file, String setting) throws FidelException {
        if (!Files.isRegularFile(file)) {
            throw new FidelException(file + " does not exist", setting, null);
        }
    }

    private interface LineConsumer {
        void accept(String line, int number) throws FidelException;
    }

    private static void forEachLine(Path file, LineConsumer consumer) throws FidelException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                consumer.accept(line, ++n);
            }
        } catch (IOException e) {
            throw new FidelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The inputs of a goal that reads text, by configuration element ({@code manifests[0]}, {@code texts[1]}), after
     * {@code first} (an element and its path, e.g. the vocabulary): what an output may not overlap.
     */
    public static Map<String, Path> inputs(String firstSetting, Path first, List<Path> manifests, List<Path> texts) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put(firstSetting, first);
        for (int i = 0; i < manifests.size(); i++) {
            inputs.put("manifests[" + i + "]", manifests.get(i));
        }
        for (int i = 0; i < texts.size(); i++) {
            inputs.put("texts[" + i + "]", texts.get(i));
        }
        return inputs;
    }
}
