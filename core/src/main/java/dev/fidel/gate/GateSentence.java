package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.util.BoundedFiles;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.PreparedData;
import dev.fidel.data.Utterance;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.SpokenText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One sentence the gate judges: its id (names its clip, {@code <id>.wav}), the text as written and the text after
 * the normalizer (computed once here, carried to the synthesizer and the scoring).
 */
public record GateSentence(String id, String text, String normalizedText) {

    /** The text as written and as normalized (once, by the gate's normalizer), for scoring that need not normalize it again. */
    public SpokenText spoken() {
        return new SpokenText(text, normalizedText);
    }

    /** An id is a file name on every system: letters, digits, {@code . _ -}, not starting with a dot. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");

    /**
     * The sentences of {@code request}: its file (one a line, {@code #} starts a comment, {@code id<TAB>text} names
     * the id, otherwise the id is the sentence's position from 0) or the test split's texts (ids: utterance ids),
     * at most {@code request.max()}.
     */
    static List<GateSentence> read(GateRequest.Sentences request, AmharicNormalizer normalizer) throws FidelException {
        List<GateSentence> all = new ArrayList<>();
        Path source;
        if (request.file() != null) {
            source = request.file();
            List<String> lines;
            try {
                lines = BoundedFiles.lines(source, BoundedFiles.Kind.LINES, "sentences");
            } catch (IOException e) {
                throw new FidelException("cannot read the sentences file " + source + ": " + e.getMessage(), "sentences", e);
            }
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String id = tab < 0 ? String.valueOf(all.size()) : line.substring(0, tab).strip();
                String text = tab < 0 ? line : line.substring(tab + 1).strip();
                all.add(checked(id, text, normalizer::normalize, source + " line " + (n + 1)));
            }
        } else {
            source = request.data().resolve("test.jsonl");
            // prepare-data normalized each text once; carried on when it used this profile (and this Fidel).
            boolean carried = PreparedData.normalizedAlike(request.data(), normalizer.profile());
            for (Utterance u : PreparedSplit.utterances(source, Recording.SETTING)) {
                SpokenText spoken = carried && u.normalizedText() != null ? u.spoken() : null;
                all.add(checked(u.id(), u.text(), t -> spoken != null ? spoken.normalized() : normalizer.normalize(t),
                        source + " utterance " + u.id()));
            }
        }
        if (all.isEmpty()) {
            throw new FidelException("no sentences in " + source, "sentences", null);
        }
        Set<String> ids = new HashSet<>();
        for (GateSentence s : all) {
            if (!ids.add(s.id())) {
                throw new FidelException("sentence id '" + s.id() + "' appears twice in " + source
                        + " (each names its own clip, <id>.wav)", "sentences", null);
            }
        }
        return request.max() > 0 && all.size() > request.max() ? List.copyOf(all.subList(0, request.max())) : List.copyOf(all);
    }

    private static GateSentence checked(String id, String text, UnaryOperator<String> normalizer, String where)
            throws FidelException {
        if (!ID.matcher(id).matches()) {
            throw new FidelException(where + ": sentence id '" + id + "' is not a plain file name (letters, digits, . _ -; "
                    + "at most 100, not starting with a dot)", "sentences", null);
        }
        if (text.isEmpty()) {
            throw new FidelException(where + ": sentence '" + id + "' has no text", "sentences", null);
        }
        return new GateSentence(id, text, normalizer.apply(text));
    }
}
