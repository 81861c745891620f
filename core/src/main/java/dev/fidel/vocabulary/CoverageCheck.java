package dev.fidel.vocabulary;

import dev.fidel.FidelException;
import dev.fidel.VerdictException;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code check-coverage} service: encodes the text with the vocabulary, writes {@code coverage.json},
 * and fails with a {@link VerdictException} naming the worst characters when the character coverage is
 * below the minimum or the unknown-token rate above the maximum.
 */
public final class CoverageCheck {

    public static final double DEFAULT_MIN_COVERAGE = 0.99;
    public static final double DEFAULT_MAX_UNKNOWN_RATE = 0.05;
    private static final int TOP = 20;
    private static final int EXAMPLES = 3;

    /**
     * @param vocabulary the vocabulary folder (or its {@code vocabulary.model})
     * @param manifests prepared manifests to check
     * @param texts plain text files to check
     * @param reportFile where {@code coverage.json} goes
     * @param minCoverage the lowest acceptable character coverage
     * @param maxUnknownRate the highest acceptable unknown-token rate
     * @param profile the normalizer profile
     * @param force check even when the vocabulary, texts and thresholds are those of the last passed check
     */
    public record Request(Path vocabulary, List<Path> manifests, List<Path> texts, Path reportFile, double minCoverage,
            double maxUnknownRate, NormalizerProfile profile, boolean force) {

        public Request(Path vocabulary, List<Path> manifests, List<Path> texts, Path reportFile, double minCoverage,
                double maxUnknownRate, NormalizerProfile profile) {
            this(vocabulary, manifests, texts, reportFile, minCoverage, maxUnknownRate, profile, false);
        }

        public Request {
            manifests = List.copyOf(manifests);
            texts = List.copyOf(texts);
        }
    }

    public static final String GOAL = "check-coverage";

    /**
     * What the text is measured with: Fidel's vocabulary, or a peer's tokenizer ({@code dev.fidel.peer}).
     * Opened only when the check is not up to date.
     */
    public interface Tokens extends AutoCloseable {

        String identity();

        /** The ids of already normalized text. */
        int[] encode(String normalizedText);

        /** Whether a token of its own spells this character (no unknown, no bytes). */
        boolean hasOwnPiece(int codePoint);

        boolean isUnknown(int id);

        boolean isByte(int id);

        @Override
        void close();
    }

    /** Opens the {@link Tokens} to measure with. */
    public interface TokensSource {
        Tokens open() throws FidelException;
    }

    private final EventSink events;

    public CoverageCheck(EventSink events) {
        this.events = events;
    }

    /**
     * The report file may not be an input or lie in the vocabulary folder, and a file of its name (or its
     * stamp's) that check-coverage did not write is never replaced: the folder's marker lists the two.
     */
    private static void claimReport(Request request) throws FidelException {
        Map<String, Path> inputs = TextLines.inputs("vocabulary", request.vocabulary(), request.manifests(), request.texts());
        OutputPlacement.refuseOverlap(request.reportFile(), "reportFile", inputs);
        Path folder = request.reportFile().toAbsolutePath().getParent();
        String name = request.reportFile().getFileName().toString();
        List<String> names = List.of(name, Fingerprint.stampName(name));
        try {
            OwnedFolder.take(folder, GOAL, "reportFile", names::contains, names).release(Fingerprint.earlierStampName(name));
        } catch (IOException e) {
            throw new FidelException("cannot write into " + folder + ": " + e.getMessage(), "reportFile", e);
        }
    }

    /** Checks with Fidel's vocabulary, writes the report, and throws when a threshold is missed. */
    public CoverageReport run(Request request) throws FidelException {
        Path model = Files.isDirectory(request.vocabulary()) ? request.vocabulary().resolve(VocabularyInfo.MODEL_FILE_NAME)
                : request.vocabulary();
        return run(request, model, () -> tokensOf(Vocabulary.load(request.vocabulary(), request.profile())));
    }

    /**
     * Checks with the tokens {@code source} opens, whose file is {@code tokenizerFile} (its content is part of
     * the up-to-date check), writes the report, and throws when a threshold is missed.
     */
    public CoverageReport run(Request request, Path tokenizerFile, TokensSource source) throws FidelException {
        if (request.minCoverage() < 0 || request.minCoverage() > 1) {
            throw new FidelException("minCoverage must lie in [0, 1], not " + request.minCoverage(), "minCoverage", null);
        }
        if (request.maxUnknownRate() < 0 || request.maxUnknownRate() > 1) {
            throw new FidelException("maxUnknownRate must lie in [0, 1], not " + request.maxUnknownRate(),
                    "maxUnknownRate", null);
        }
        claimReport(request);
        Fingerprint fingerprint = fingerprint(request, tokenizerFile);
        try {
            String stale = fingerprint.staleReasonOfFile(request.reportFile());
            if (stale == null && !request.force()) {
                CoverageReport passed = Json.read(request.reportFile(), CoverageReport.class);
                events.info("Coverage check is up to date (same vocabulary, texts and thresholds passed before; "
                        + request.reportFile() + "): skipped");
                return passed;
            }
            events.info("Checking coverage: " + (request.force() ? "forced" : stale));
        } catch (IOException e) {
            throw new FidelException("cannot read " + request.reportFile() + ": " + e.getMessage(), e);
        }
        CoverageReport report;
        try (Tokens vocabulary = source.open()) {
            List<TextLines.Line> lines = TextLines.read(request.manifests(), request.texts(),
                    new dev.fidel.text.AmharicNormalizer(request.profile()));
            report = measure(vocabulary, lines, request);
        }
        try {
            Json.write(request.reportFile(), report);
        } catch (IOException e) {
            throw new FidelException("cannot write " + request.reportFile() + ": " + e.getMessage(), e);
        }
        events.info(String.format(Locale.ROOT,
                "Coverage of %s: characters %.4f, unknown-token rate %.4f, %.2f tokens per character, "
                        + "%.2f per word (%d lines); report %s",
                request.vocabulary(), report.characterCoverage(), report.unknownTokenRate(), report.tokensPerCharacter(),
                report.tokensPerWord(), report.lines(), request.reportFile()));
        if (!report.passed()) {
            throw verdict(report);
        }
        try {
            fingerprint.recordFile(request.reportFile());
        } catch (IOException e) {
            throw new FidelException("cannot write beside " + request.reportFile() + ": " + e.getMessage(), e);
        }
        return report;
    }

    /** Only a passed check is recorded, so a failed one is judged again on the next build. */
    private static Fingerprint fingerprint(Request request, Path tokenizerFile) throws FidelException {
        Fingerprint f = new Fingerprint(GOAL)
                .with("minCoverage", request.minCoverage())
                .with("maxUnknownRate", request.maxUnknownRate())
                .with("normalizer", request.profile().sha256());
        withInput(f, "vocabulary.model", tokenizerFile, "vocabulary");
        int i = 0;
        for (Path p : request.manifests()) {
            withInput(f.with("manifest." + i, p.toAbsolutePath()), "manifest." + i++ + ".sha256", p, "manifests");
        }
        i = 0;
        for (Path p : request.texts()) {
            withInput(f.with("text." + i, p.toAbsolutePath()), "text." + i++ + ".sha256", p, "texts");
        }
        return f;
    }

    /** Adds an input file's SHA-256; a file that cannot be read is refused under its own element. */
    private static void withInput(Fingerprint f, String key, Path file, String setting) throws FidelException {
        try {
            f.withFile(key, file);
        } catch (IOException e) {
            throw new FidelException("<" + setting + "> " + file + " cannot be read: " + e.getMessage(), setting, e);
        }
    }

    private static CoverageReport measure(Tokens vocabulary, List<TextLines.Line> lines, Request request)
            throws FidelException {
        Map<Integer, Long> charCounts = new HashMap<>();
        Map<Integer, List<String>> examples = new HashMap<>();
        Map<Integer, Boolean> covered = new HashMap<>();
        long characters = 0;
        long coveredCharacters = 0;
        long tokens = 0;
        long unknown = 0;
        long bytes = 0;
        long words = 0;
        for (TextLines.Line line : lines) {
            for (int c : line.text().codePoints().toArray()) {
                if (Character.isWhitespace(c)) {
                    continue;
                }
                characters++;
                if (covered.computeIfAbsent(c, vocabulary::hasOwnPiece)) {
                    coveredCharacters++;
                } else {
                    charCounts.merge(c, 1L, Long::sum);
                    List<String> ex = examples.computeIfAbsent(c, k -> new ArrayList<>());
                    String text = line.text().length() > 80 ? line.text().substring(0, 80) + "..." : line.text();
                    String example = line.source() + ": " + text;
                    if (ex.size() < EXAMPLES && !ex.contains(example)) {
                        ex.add(example);
                    }
                }
            }
            words += line.text().isBlank() ? 0 : line.text().trim().split("\\s+").length;
            for (int id : vocabulary.encode(line.text())) {
                tokens++;
                if (vocabulary.isUnknown(id)) {
                    unknown++;
                } else if (vocabulary.isByte(id)) {
                    bytes++;
                }
            }
        }
        List<CoverageReport.Uncovered> uncovered = charCounts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> new CoverageReport.Uncovered(Character.toString(e.getKey()),
                        String.format(Locale.ROOT, "U+%04X", e.getKey()),
                        Character.getName(e.getKey()) == null ? "" : Character.getName(e.getKey()),
                        e.getValue(), examples.get(e.getKey())))
                .collect(Collectors.toList());
        double coverage = characters == 0 ? 1 : (double) coveredCharacters / characters;
        double unknownRate = tokens == 0 ? 0 : (double) (unknown + bytes) / tokens;
        boolean passed = coverage >= request.minCoverage() && unknownRate <= request.maxUnknownRate();
        Map<String, String> inputs = new TreeMap<>();
        for (Path p : concat(request.manifests(), request.texts())) {
            try {
                inputs.put(p.toString(), Sha256.of(p));
            } catch (IOException e) {
                throw new FidelException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        return new CoverageReport(CoverageReport.FORMAT_VERSION, vocabulary.identity(),
                request.profile().sha256(), inputs, lines.size(), characters, coveredCharacters, coverage, tokens, unknown,
                bytes, unknownRate, words, characters == 0 ? 0 : (double) tokens / characters,
                words == 0 ? 0 : (double) tokens / words, uncovered, request.minCoverage(), request.maxUnknownRate(), passed);
    }

    /** Fidel's vocabulary as {@link Tokens}: a character is covered when a piece of its own spells it. */
    private static Tokens tokensOf(Vocabulary vocabulary) {
        return new Tokens() {
            @Override
            public String identity() {
                return vocabulary.identity();
            }

            @Override
            public int[] encode(String normalizedText) {
                return vocabulary.encode(normalizedText);
            }

            @Override
            public boolean hasOwnPiece(int c) {
                int id = vocabulary.idOf(Character.toString(c));
                PieceType type = id < 0 ? null : vocabulary.piece(id).type();
                return type == PieceType.NORMAL || type == PieceType.USER_DEFINED;
            }

            @Override
            public boolean isUnknown(int id) {
                return vocabulary.piece(id).type() == PieceType.UNKNOWN;
            }

            @Override
            public boolean isByte(int id) {
                return vocabulary.piece(id).type() == PieceType.BYTE;
            }

            @Override
            public void close() {
                vocabulary.close();
            }
        };
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static VerdictException verdict(CoverageReport r) {
        StringBuilder sb = new StringBuilder("The vocabulary does not cover the text:");
        String setting;
        if (r.characterCoverage() < r.minCoverage()) {
            sb.append(String.format(Locale.ROOT, " character coverage %.4f is below minCoverage %.4f;",
                    r.characterCoverage(), r.minCoverage()));
            setting = "minCoverage";
        } else {
            setting = "maxUnknownRate";
        }
        if (r.unknownTokenRate() > r.maxUnknownRate()) {
            sb.append(String.format(Locale.ROOT, " unknown-token rate %.4f is above maxUnknownRate %.4f;",
                    r.unknownTokenRate(), r.maxUnknownRate()));
        }
        sb.append(" worst characters: ");
        sb.append(r.uncovered().stream().limit(8)
                .map(u -> "'" + u.character() + "' " + u.codePoint() + " x" + u.count())
                .collect(Collectors.joining(", ")));
        if (!r.uncovered().isEmpty() && !r.uncovered().get(0).examples().isEmpty()) {
            sb.append("; e.g. ").append(r.uncovered().get(0).examples().get(0));
        }
        sb.append(". Train the vocabulary on this text (train-vocab), or require these characters.");
        return new VerdictException(sb.toString(), setting);
    }
}
