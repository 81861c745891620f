package dev.fidel.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Ethiopic to Latin romanization a new token's rows start from when the base tokenizer knows none
 * of its letters (every Ethiopic letter is unknown to an English or Chinese base): {@code ሰላም} becomes
 * {@code salam}, which the base tokenizer splits into Latin pieces whose rows are averaged. The table is
 * versioned data ({@value #RESOURCE}); the version is recorded in {@code resize.json}.
 */
public final class Romanization {

    static final String RESOURCE = "ethiopic-romanization.tsv";

    private final String version;
    private final Map<Integer, String> table;

    private Romanization(String version, Map<Integer, String> table) {
        this.version = version;
        this.table = table;
    }

    /** The table shipped with Fidel. */
    public static Romanization builtIn() {
        try (InputStream in = Romanization.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from Fidel's jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String version = null;
            Map<Integer, String> table = new HashMap<>();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f[0].equals("version")) {
                    version = f[1];
                } else {
                    table.put(f[0].codePointAt(0), f[1]);
                }
            }
            if (version == null) {
                throw new IllegalStateException(RESOURCE + " has no version line");
            }
            return new Romanization(version, Map.copyOf(table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    /** The text with every Ethiopic character it knows replaced by its Latin form; other characters kept. */
    public String romanize(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            String latin = table.get(cp);
            if (latin != null) {
                out.append(latin);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
