package dev.fidel.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer's model config, read for what the resize needs (the text token count, the file names) and
 * written back with only the token count changed: XTTS {@code config.json}
 * ({@code model_args.gpt_number_text_tokens}, and {@code am} added to {@code languages}); IndexTTS2
 * {@code config.yaml} ({@code gpt.number_text_tokens}), edited as text so every other line, comment
 * and order stays byte for byte.
 */
final class PeerConfig {

    static final String SETTING = "baseConfig";
    private static final Pattern YAML_KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_]+):(\\s*)([^#\\r\\n]*?)(\\s*(#.*)?)$");

    private final PeerModel peer;
    private final Path file;
    private final String text;
    private final int textTokens;
    private final String checkpointName;
    private final String tokenizerName;

    private PeerConfig(PeerModel peer, Path file, String text, int textTokens, String checkpointName, String tokenizerName) {
        this.peer = peer;
        this.file = file;
        this.text = text;
        this.textTokens = textTokens;
        this.checkpointName = checkpointName;
        this.tokenizerName = tokenizerName;
    }

    static PeerConfig read(PeerModel peer, Path file) throws FidelException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FidelException("<" + SETTING + "> " + file + " cannot be read: " + e.getMessage(), SETTING, e);
        }
        if (peer == PeerModel.XTTS_V2) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw bad(file, "is not JSON: " + e.getMessage());
            }
            JsonNode n = root == null ? null : root.path("model_args").get("gpt_number_text_tokens");
            if (n == null || !n.canConvertToInt()) {
                throw bad(file, "has no model_args.gpt_number_text_tokens (is it an XTTS v2 config.json?)");
            }
            return new PeerConfig(peer, file, text, n.asInt(), peer.checkpointName(), peer.tokenizerName());
        }
        List<String> lines = text.lines().toList();
        String count = yamlValue(lines, "gpt", "number_text_tokens");
        if (count == null || !count.matches("\\d{1,9}")) {
            throw bad(file, "has no gpt: number_text_tokens: <integer> (is it an IndexTTS2 config.yaml?)");
        }
        String checkpoint = fileName(file, "gpt_checkpoint", yamlValue(lines, null, "gpt_checkpoint"), peer.checkpointName());
        String bpe = fileName(file, "dataset: bpe_model", yamlValue(lines, "dataset", "bpe_model"), peer.tokenizerName());
        return new PeerConfig(peer, file, text, Integer.parseInt(count), checkpoint, bpe);
    }

    Path file() {
        return file;
    }

    /** The text token count the config declares (XTTS: with every row; IndexTTS2: without its spare row). */
    int textTokens() {
        return textTokens;
    }

    String checkpointName() {
        return checkpointName;
    }

    String tokenizerName() {
        return tokenizerName;
    }

    /** The config with the text token count set to {@code tokens}. */
    byte[] withTextTokens(int tokens) throws FidelException {
        if (peer == PeerModel.XTTS_V2) {
            try {
                ObjectNode root = (ObjectNode) Json.MAPPER.readTree(text);
                ((ObjectNode) root.get("model_args")).put("gpt_number_text_tokens", tokens);
                JsonNode languages = root.get("languages");
                if (languages instanceof ArrayNode list) {
                    boolean has = false;
                    for (JsonNode l : list) {
                        has |= l.asText().equals("am");
                    }
                    if (!has) {
                        list.add("am");
                    }
                } else if (languages == null) {
                    root.putArray("languages").add("am");
                }
                return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (IOException | ClassCastException e) {
                throw bad(file, "cannot be rewritten: " + e.getMessage());
            }
        }
        List<String> out = new ArrayList<>();
        String section = null;
        int sectionIndent = -1;
        int replaced = 0;
        for (String line : text.split("\n", -1)) {
            Matcher m = YAML_KEY.matcher(line.replace("\r", ""));
            if (m.matches()) {
                int indent = m.group(1).length();
                if (indent == 0) {
                    section = m.group(2);
                    sectionIndent = -1;
                } else if ("gpt".equals(section) && (sectionIndent < 0 || indent == sectionIndent)) {
                    sectionIndent = indent;
                    if (m.group(2).equals("number_text_tokens")) {
                        line = m.group(1) + m.group(2) + ":" + m.group(3) + tokens + m.group(5) + (line.endsWith("\r") ? "\r" : "");
                        replaced++;
                    }
                }
            }
            out.add(line);
        }
        if (replaced != 1) {
            throw bad(file, "has " + replaced + " gpt: number_text_tokens lines, not one");
        }
        return String.join("\n", out).getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code key} at the top level ({@code section} null) or one level inside {@code section}. */
    private static String yamlValue(List<String> lines, String section, String key) {
        String current = null;
        int sectionIndent = -1;
        for (String line : lines) {
            Matcher m = YAML_KEY.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            if (indent == 0) {
                current = m.group(2);
                sectionIndent = -1;
                if (section == null && current.equals(key)) {
                    return unquote(m.group(4));
                }
            } else if (section != null && section.equals(current) && (sectionIndent < 0 || indent == sectionIndent)) {
                sectionIndent = indent;
                if (m.group(2).equals(key)) {
                    return unquote(m.group(4));
                }
            }
        }
        return null;
    }

    private static String unquote(String v) {
        String s = v.strip();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String fileName(Path file, String key, String value, String fallback) throws FidelException {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.contains("/") || value.contains("\\") || value.equals("..") || value.equals(".") || value.startsWith(".")) {
            throw bad(file, "names its " + key + " '" + value + "', which is not a plain file name in the model folder");
        }
        return value;
    }

    private static FidelException bad(Path file, String problem) {
        return new FidelException("<" + SETTING + "> " + file + " " + problem, SETTING, null);
    }
}
