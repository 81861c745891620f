package dev.fidel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The structure rules of docs/architecture.md, read off the main sources so they stay true: in {@code training},
 * {@code gate}, {@code text} and {@code data} no file over {@value #MAX_CLASS_LINES} lines and no method over
 * {@value #MAX_METHOD_LINES}; no Mojo over {@value #MAX_MOJO_LINES} lines; {@code core} never imports the Maven API;
 * a package imports only packages above it in {@link #LAYERS}, and none of the {@link #FORBIDDEN} ones; DJL's engine is
 * reached only through {@code util.TorchEngine}.
 *
 * <p>What it detects, honestly: a class's size is its file's line count (one top-level class a file); a method is
 * found by counting braces in the source with comments, strings, text blocks and character literals blanked out, as a
 * brace block directly inside a class, record, enum or interface body whose header has a parameter list (a method or
 * constructor), or is a bare name (a compact record constructor) or {@code static} (an initializer); its length runs
 * from the line of its name to its closing brace, so Javadoc and annotations above it do not count and lambdas and
 * anonymous classes inside it do. A package's dependencies are its {@code import} and {@code import static} lines;
 * a fully qualified name written inside code is not seen.
 */
class StructureTest {

    static final int MAX_CLASS_LINES = 400;
    static final int MAX_METHOD_LINES = 80;
    static final int MAX_MOJO_LINES = 150;

    /** The packages whose classes and methods are held to the size limits. */
    static final List<String> SIZED = List.of("training", "gate", "text", "data");

    /**
     * The pipeline, top to bottom: each package of {@code dev.fidel} may import only packages before it (and the root
     * package, which holds the exceptions). A new package is placed here, and in docs/architecture.md's table.
     */
    static final List<String> LAYERS = List.of("util", "event", "chart", "text", "metrics", "vocabulary", "audio", "data", "codec", "model",
            "config", "checkpoint", "tts", "training", "vocoder", "synthesis", "recognition", "gate", "peer");

    /** Imports the order allows but the design does not: inference (synthesis, recognition, the gate) never needs training. */
    static final Set<String> FORBIDDEN = Set.of("synthesis imports training", "recognition imports training", "gate imports training");

    /**
     * Violations other helpers are removing right now (issue 14): a finding that starts with an entry is expected. The
     * lead empties this list when their branches are merged; an entry that no longer matches any finding makes the
     * test fail, so the list cannot go stale.
     */
    static final Set<String> IN_PROGRESS = Set.of();

    static final Path CORE = Path.of("src/main/java/dev/fidel");
    static final Path MOJOS = Path.of("../plugin/src/main/java/dev/fidel/maven");

    @Test
    void theStructureRulesHoldBesidesTheWorkInProgress() throws IOException {
        Set<String> found = new TreeSet<>();
        found.addAll(sizeViolations(CORE));
        found.addAll(mojoViolations(MOJOS));
        found.addAll(mavenImports(CORE));
        found.addAll(layerViolations(CORE));
        found.addAll(engineEntries(CORE));
        Set<String> unexpected = new TreeSet<>(found);
        unexpected.removeIf(f -> IN_PROGRESS.stream().anyMatch(f::startsWith));
        Set<String> gone = new TreeSet<>(IN_PROGRESS);
        gone.removeIf(entry -> found.stream().anyMatch(f -> f.startsWith(entry)));
        Set<String> expected = new TreeSet<>(found);
        expected.removeAll(unexpected);
        System.out.println("StructureTest: broken while in progress (StructureTest.IN_PROGRESS):\n  " + String.join("\n  ", expected));
        assertTrue(unexpected.isEmpty(), "structure rules broken (docs/architecture.md):\n  " + String.join("\n  ", unexpected));
        assertTrue(gone.isEmpty(), "fixed, so remove from StructureTest.IN_PROGRESS:\n  " + String.join("\n  ", gone));
    }

    @Test
    void theMethodFinderSeesMethodsConstructorsAndInitializersButNotBracesInTextOrNestedBlocks() {
        String source = """
                package x;
                /** a { in a comment */
                public class A {
                    static final String S = "}{";
                    static final char C = '{';
                    static final int[] T = {1, 2};
                    static {
                        int a = 1;
                    }
                    A(int x) {
                        this.x = x;
                    }
                    @Override
                    public String toString() {
                        Runnable r = () -> { int y = 2; };
                        return new Object() {
                            @Override public String toString() { return "{"; }
                        }.toString();
                    }
                    record R(int a) {
                        R {
                            if (a < 0) { throw new IllegalArgumentException(); }
                        }
                        int twice() throws java.io.IOException { return 2 * a; }
                    }
                    enum E { ONE, TWO; int n() { return 1; } }
                    String block() {
                        return \"""
                            } } {
                            \""";
                    }
                }
                """;
        List<Method> methods = methods(source);
        assertEquals(List.of("static initializer:7-9", "A:10-12", "toString:14-19", "R:21-23", "twice:24-24", "n:26-26",
                "block:27-31"), methods.stream().map(m -> m.name + ":" + m.firstLine + "-" + m.lastLine).toList());
    }

    @Test
    void aMethodOverTheLimitIsNamedWithItsFileAndLength() {
        StringBuilder body = new StringBuilder("class B {\n    void tooLong() {\n");
        for (int i = 0; i < MAX_METHOD_LINES - 1; i++) {
            body.append("        step();\n");
        }
        body.append("    }\n    void fits() {\n    }\n}\n");
        List<String> found = longMethods("gate/B.java", body.toString());
        assertEquals(List.of("gate/B.java: method tooLong is " + (MAX_METHOD_LINES + 1) + " lines (lines 2-" + (MAX_METHOD_LINES + 2)
                + ")"), found);
    }

    @Test
    void anImportFromALowerOrForbiddenPackageIsAViolationAndFromAHigherOneIsNot() {
        assertEquals(List.of("synthesis imports training"),
                importViolations("synthesis", "import dev.fidel.training.TtsCheckpoint;\nimport dev.fidel.vocoder.GriffinLim;\n"
                        + "import static dev.fidel.audio.WavWriter.write;\nimport dev.fidel.FidelException;\n"));
        assertEquals(List.of("text imports gate"), importViolations("text", "import static dev.fidel.gate.Verdict.check;\n"));
        assertEquals(List.of(), importViolations("gate", "import dev.fidel.metrics.ErrorRates;\nimport dev.fidel.recognition.Recognizer;\n"));
    }

    static List<String> sizeViolations(Path core) throws IOException {
        List<String> found = new ArrayList<>();
        for (String pkg : SIZED) {
            for (Path file : javaFiles(core.resolve(pkg))) {
                String name = core.relativize(file).toString().replace('\\', '/');
                String text = read(file);
                long lines = lineCount(text);
                if (lines > MAX_CLASS_LINES) {
                    found.add(name + ": " + lines + " lines");
                }
                found.addAll(longMethods(name, text));
            }
        }
        return found;
    }

    static List<String> mojoViolations(Path mojos) throws IOException {
        assertTrue(Files.isDirectory(mojos), "the plugin's sources are not at " + mojos.toAbsolutePath() + " (run from core/)");
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(mojos)) {
            long lines = lineCount(read(file));
            if (file.getFileName().toString().endsWith("Mojo.java") && lines > MAX_MOJO_LINES) {
                found.add("plugin " + file.getFileName() + ": " + lines + " lines (a Mojo has at most " + MAX_MOJO_LINES + ")");
            }
        }
        return found;
    }

    static List<String> mavenImports(Path core) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(core)) {
            if (Pattern.compile("^import\\s+(static\\s+)?org\\.apache\\.maven\\.", Pattern.MULTILINE).matcher(read(file)).find()) {
                found.add(core.relativize(file) + " imports org.apache.maven (core has no Maven API)");
            }
        }
        return found;
    }

    /** DJL's engine is reached only through {@code util.TorchEngine}, which chooses the math kernels before libtorch loads. */
    static List<String> engineEntries(Path core) throws IOException {
        Pattern direct = Pattern.compile("NDManager\\.newBaseManager\\(|Engine\\.getInstance\\(|Engine\\.getEngine\\(");
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(core)) {
            if (!file.endsWith(Path.of("util", "TorchEngine.java")) && direct.matcher(read(file)).find()) {
                found.add(core.relativize(file) + " reaches DJL's engine directly (use util.TorchEngine)");
            }
        }
        return found;
    }

    static List<String> layerViolations(Path core) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> packages = Files.list(core)) {
            for (Path dir : packages.filter(Files::isDirectory).sorted().toList()) {
                String pkg = dir.getFileName().toString();
                for (Path file : javaFiles(dir)) {
                    found.addAll(importViolations(pkg, read(file)));
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The packages {@code source} (a file of package {@code pkg}) imports that are not above {@code pkg} in {@link #LAYERS}. */
    static List<String> importViolations(String pkg, String source) {
        int own = LAYERS.indexOf(pkg);
        Set<String> found = new TreeSet<>();
        if (own < 0) {
            found.add("package " + pkg + " is not placed in StructureTest.LAYERS (and docs/architecture.md)");
        }
        Matcher m = Pattern.compile("^import\\s+(?:static\\s+)?dev\\.fidel\\.([a-z][a-z0-9]*)\\.", Pattern.MULTILINE).matcher(source);
        while (m.find()) {
            String imported = m.group(1);
            boolean above = LAYERS.indexOf(imported) >= 0 && LAYERS.indexOf(imported) < own;
            if (!imported.equals(pkg) && own >= 0 && (!above || FORBIDDEN.contains(pkg + " imports " + imported))) {
                found.add(pkg + " imports " + imported);
            }
        }
        return new ArrayList<>(found);
    }

    static List<String> longMethods(String name, String source) {
        List<String> found = new ArrayList<>();
        for (Method m : methods(source)) {
            int lines = m.lastLine - m.firstLine + 1;
            if (lines > MAX_METHOD_LINES) {
                found.add(name + ": method " + m.name + " is " + lines + " lines (lines " + m.firstLine + "-" + m.lastLine + ")");
            }
        }
        return found;
    }

    record Method(String name, int firstLine, int lastLine) {
    }

    private enum Block { TYPE, METHOD, OTHER }

    private static final Pattern TYPE_HEADER = Pattern.compile("(?:^|[\\s>])(?:class|interface|enum|record)\\s+\\w+");
    private static final Pattern METHOD_HEADER = Pattern.compile("(\\w+)\\s*\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)\\s*(?:throws\\s+[\\w.,\\s<>]+)?$");
    private static final Pattern COMPACT_CONSTRUCTOR = Pattern.compile("(?:^|\\s)(\\w+)$");

    /** The methods, constructors and initializers declared directly in the type bodies of {@code source}. */
    static List<Method> methods(String source) {
        String code = blankCommentsAndLiterals(source);
        List<Method> methods = new ArrayList<>();
        Deque<Block> blocks = new ArrayDeque<>();
        Deque<Method> open = new ArrayDeque<>();
        int headerStart = 0;
        int line = 1;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '{') {
                String header = code.substring(headerStart, i).strip().replaceAll("\\s+", " ");
                Block kind = Block.OTHER;
                if (blocks.isEmpty() || blocks.peek() == Block.TYPE) {
                    if (TYPE_HEADER.matcher(header).find()) {
                        kind = Block.TYPE;
                    } else if (!blocks.isEmpty()) {
                        String name = methodName(header);
                        if (name != null) {
                            kind = Block.METHOD;
                            open.push(new Method(name, lineOf(code, headerStart, i, name, line), 0));
                        }
                    }
                } else if (TYPE_HEADER.matcher(header).find() && blocks.peek() != Block.METHOD) {
                    kind = Block.TYPE;
                }
                blocks.push(kind);
                headerStart = i + 1;
            } else if (c == '}') {
                Block closed = blocks.isEmpty() ? Block.OTHER : blocks.pop();
                if (closed == Block.METHOD) {
                    Method m = open.pop();
                    methods.add(new Method(m.name, m.firstLine, line));
                }
                headerStart = i + 1;
            } else if (c == ';') {
                headerStart = i + 1;
            }
        }
        methods.sort((a, b) -> Integer.compare(a.firstLine, b.firstLine));
        return methods;
    }

    private static String methodName(String header) {
        String h = header.replaceAll("@\\w+(\\.\\w+)*(\\s*\\([^()]*\\))?", " ").strip();
        if (h.contains("=") || h.endsWith(",") || h.endsWith("->")) {
            return null;
        }
        if (h.equals("static")) {
            return "static initializer";
        }
        Matcher m = METHOD_HEADER.matcher(h);
        if (m.find()) {
            return m.group(1);
        }
        Matcher compact = COMPACT_CONSTRUCTOR.matcher(h);
        return compact.find() && Character.isUpperCase(compact.group(1).charAt(0)) ? compact.group(1) : null;
    }

    /** The line, within {@code code[from, to)}, of the declaration's name (the line at {@code to} is {@code lineAtTo}). */
    private static int lineOf(String code, int from, int to, String name, int lineAtTo) {
        int at = name.equals("static initializer") ? code.lastIndexOf("static", to) : code.lastIndexOf(name + "(", to);
        if (at < from) {
            at = code.lastIndexOf(name, to);
        }
        if (at < from) {
            return lineAtTo;
        }
        int newlines = 0;
        for (int i = at; i < to; i++) {
            if (code.charAt(i) == '\n') {
                newlines++;
            }
        }
        return lineAtTo - newlines;
    }

    /** {@code source} with comments, strings, text blocks and char literals replaced by spaces; newlines kept. */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            String end;
            int skip;
            if (source.startsWith("//", i)) {
                end = "\n";
                skip = 2;
            } else if (source.startsWith("/*", i)) {
                end = "*/";
                skip = 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = "\"\"\"";
                skip = 3;
            } else if (source.charAt(i) == '"') {
                end = "\"";
                skip = 1;
            } else if (source.charAt(i) == '\'') {
                end = "'";
                skip = 1;
            } else {
                out.append(source.charAt(i++));
                continue;
            }
            int j = i + skip;
            while (j < n && !source.startsWith(end, j)) {
                j += source.charAt(j) == '\\' && !end.equals("\n") && !end.equals("*/") ? 2 : 1;
            }
            j = end.equals("\n") ? j : Math.min(n, j + end.length());
            for (int k = i; k < j; k++) {
                out.append(source.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = j;
        }
        return out.toString();
    }

    private static long lineCount(String text) {
        return text.lines().count();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
