package dev.fidel.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one JSON mapper: sorted keys, so the same content is always the same bytes (and hash). Every
 * mapper reads under {@link #CONSTRAINTS}: a document, a string and a nesting depth of bounded size, so a
 * hostile or mistaken file is an error naming it, not an exhausted heap or stack.
 */
public final class Json {

    /** What a JSON document Fidel reads may hold. */
    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxDocumentLength(128_000_000L)
            .maxStringLength(16_000_000)
            .maxNestingDepth(200)
            .maxNumberLength(1000)
            .build();

    /** A JSON factory with {@link #CONSTRAINTS}: for any other mapper that reads a user's file. */
    public static JsonFactory factory() {
        return JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    }

    public static final ObjectMapper MAPPER = JsonMapper.builder(factory())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** One object per line, for .jsonl files. */
    public static final ObjectMapper LINE = JsonMapper.builder(factory())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    public static String line(Object value) {
        try {
            return LINE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    /** Writes {@code value} as pretty JSON, atomically. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, write(value) + "\n");
    }

    /** Reads a JSON file Fidel wrote (a record, report or manifest), its size checked first ({@link BoundedFiles.Kind#JSON}). */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        return read(file, type, null);
    }

    /**
     * Reads a JSON file, its size checked first ({@link BoundedFiles.Kind#JSON}).
     *
     * @param setting the configuration element that named the file, for the message when it is too large
     */
    public static <T> T read(Path file, Class<T> type, String setting) throws IOException {
        return BoundedFiles.json(file, type, BoundedFiles.Kind.JSON, setting);
    }
}
