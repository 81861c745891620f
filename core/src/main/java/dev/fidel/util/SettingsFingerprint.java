package dev.fidel.util;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A goal's inputs and settings, each named by the part it belongs to ({@code schedule.milestones}) and sorted
 * into three kinds, so that only what changes the work redoes it:
 * <ul>
 * <li>{@link Kind#IDENTIFY}: what the work is made of (inputs, model, optimizer, schedule, seed...): a change
 * invalidates it;</li>
 * <li>{@link Kind#EXTEND}: how far or where it runs ({@code maxSteps}, {@code checkpointEvery}, {@code device}):
 * a change continues the stored work;</li>
 * <li>{@link Kind#JUDGE}: the thresholds its result is judged by ({@code minImprovement}, {@code maxRejectedRatio}):
 * a change judges the stored result again and redoes nothing.</li>
 * </ul>
 * The stored form ({@link #toJson()}, or typed, {@link #parts()}) is kept with the work, and {@link #changesSince} says
 * which part changed.
 */
public final class SettingsFingerprint {

    /**
     * The settings as stored with the work, by kind, each by its part's name; a kind is null when the stored form has none
     * (written before settings were sorted by kind: unknown fields of such a form are ignored).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parts(@JsonProperty("identify") SortedMap<String, JsonNode> identify,
            @JsonProperty("extend") SortedMap<String, JsonNode> extend, @JsonProperty("judge") SortedMap<String, JsonNode> judge) {

        /** Whether these record settings by kind at all. */
        public boolean sorted() {
            return identify != null;
        }
    }

    /** What a change of a setting does to the stored work. */
    public enum Kind {
        IDENTIFY, EXTEND, JUDGE;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String task;
    private final Map<Kind, TreeMap<String, JsonNode>> parts = new EnumMap<>(Kind.class);

    public SettingsFingerprint(String task) {
        this.task = task;
        for (Kind k : Kind.values()) {
            parts.put(k, new TreeMap<>());
        }
        identify("fidel.version", Versions.FIDEL);
    }

    public SettingsFingerprint identify(String name, Object value) {
        return put(Kind.IDENTIFY, name, value);
    }

    /** An input file by content (its SHA-256); a null file is recorded as absent. */
    public SettingsFingerprint identifyFile(String name, Path file) throws IOException {
        return identify(name, file == null ? null : Sha256.of(file));
    }

    public SettingsFingerprint extend(String name, Object value) {
        return put(Kind.EXTEND, name, value);
    }

    public SettingsFingerprint judge(String name, Object value) {
        return put(Kind.JUDGE, name, value);
    }

    private SettingsFingerprint put(Kind kind, String name, Object value) {
        try {
            // As read back from the stored JSON, so a float compares equal to its stored form.
            parts.get(kind).put(name, Json.MAPPER.readTree(Json.line(value)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    /** The identity of the work: a SHA-256 over the task and every {@link Kind#IDENTIFY} setting. */
    public String identity() {
        return Sha256.of(task + "\n" + Json.line(kind(Kind.IDENTIFY)));
    }

    /** Every setting, by kind: {@code {"identify": {...}, "extend": {...}, "judge": {...}}}. */
    public ObjectNode toJson() {
        ObjectNode all = Json.MAPPER.createObjectNode();
        for (Kind k : Kind.values()) {
            all.set(k.key(), kind(k));
        }
        return all;
    }

    /** Every setting, by kind, as the typed record stored with the work. */
    public Parts parts() {
        return new Parts(new TreeMap<>(parts.get(Kind.IDENTIFY)), new TreeMap<>(parts.get(Kind.EXTEND)),
                new TreeMap<>(parts.get(Kind.JUDGE)));
    }

    private ObjectNode kind(Kind kind) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        parts.get(kind).forEach(node::set);
        return node;
    }

    /** The fingerprint of the whole configuration, for a completion stamp: equal only when nothing at all changed. */
    public Fingerprint completion() {
        return new Fingerprint(task).with("settings", Json.line(toJson()));
    }

    /**
     * One line per setting of {@code kind} that differs from {@code previous} (a {@link #toJson()} read back):
     * {@code schedule.milestones changed: [100, 200] -> [150, 300]}. Empty when none differs, or when
     * {@code previous} holds no settings of that kind (written before settings were sorted by kind).
     */
    public List<String> changesSince(JsonNode previous, Kind kind) {
        JsonNode before = previous == null ? null : previous.get(kind.key());
        List<String> lines = new ArrayList<>();
        if (before == null || !before.isObject()) {
            return lines;
        }
        TreeMap<String, JsonNode> now = parts.get(kind);
        TreeSet<String> names = new TreeSet<>(now.keySet());
        before.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode was = before.get(name);
            JsonNode is = now.get(name);
            if (was == null || is == null || !was.equals(is)) {
                lines.add(name + " changed: " + show(was) + " -> " + show(is));
            }
        }
        return lines;
    }

    /** As {@link #changesSince(JsonNode, Kind)}, against the typed record; {@code previous} may be null (none recorded). */
    public List<String> changesSince(Parts previous, Kind kind) {
        return changesSince(previous == null ? null : Json.MAPPER.valueToTree(previous), kind);
    }

    /** Whether {@code previous} records settings by kind at all (checkpoints of older Fidel versions do not). */
    public static boolean isSorted(JsonNode previous) {
        return previous != null && previous.path(Kind.IDENTIFY.key()).isObject();
    }

    private static String show(JsonNode value) {
        if (value == null || value.isNull()) {
            return "(none)";
        }
        if (value.isTextual()) {
            String text = value.asText();
            return text.matches("[0-9a-f]{64}") ? "sha256 " + text.substring(0, 12) + "\u2026" : text;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(show(v)));
            return "[" + String.join(", ", items) + "]";
        }
        return value.toString();
    }
}
