package dev.fidel.gate;

import dev.fidel.FidelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a command synthesizer's arguments. Once per sentence: {@code {text}} (as written),
 * {@code {normalizedText}}, {@code {textFile}} (a UTF-8 file holding the text), {@code {id}} and {@code {wav}} (the
 * file to write). Batch form, once for all: {@code {sentences}} (a JSONL file of id, text, normalizedText, wav) and
 * {@code {outputDirectory}} (where the WAVs go). Each argument is expanded in one pass, so a sentence that holds
 * {@code {wav}} or {@code $(...)} stays just text: no shell ever sees it.
 */
final class Placeholders {

    static final String TEXT = "text";
    static final String NORMALIZED_TEXT = "normalizedText";
    static final String TEXT_FILE = "textFile";
    static final String ID = "id";
    static final String WAV = "wav";
    static final String SENTENCES = "sentences";
    static final String OUTPUT_DIRECTORY = "outputDirectory";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(" + String.join("|", TEXT, NORMALIZED_TEXT, TEXT_FILE, ID, WAV,
            SENTENCES, OUTPUT_DIRECTORY) + ")}");
    private static final List<String> PER_SENTENCE = List.of(TEXT, NORMALIZED_TEXT, TEXT_FILE, ID, WAV);

    /** How the program is called: once per sentence, or once for the batch. */
    enum Form { PER_SENTENCE, BATCH }

    private Placeholders() {
    }

    /** The form {@code arguments} ask for; refuses arguments that name neither {@code {wav}} nor {@code {sentences}}, or both. */
    static Form form(List<String> arguments) throws FidelException {
        if (arguments.isEmpty() || arguments.get(0).isBlank()) {
            throw new FidelException("the command synthesizer has no program: give it as the first <arg>", "synthesizer", null);
        }
        boolean wav = arguments.stream().anyMatch(a -> a.contains("{" + WAV + "}"));
        boolean batch = arguments.stream().anyMatch(a -> a.contains("{" + SENTENCES + "}"));
        if (wav == batch) {
            throw new FidelException("the command synthesizer's <arg>s must hold either {wav} (called once per sentence) or "
                    + "{sentences} (called once for all, with {outputDirectory}), " + (wav ? "not both" : "neither is there")
                    + ": " + arguments, "synthesizer", null);
        }
        if (batch) {
            for (String a : arguments) {
                Matcher m = PLACEHOLDER.matcher(a);
                while (m.find()) {
                    if (PER_SENTENCE.contains(m.group(1))) {
                        throw new FidelException("<arg>" + a + "</arg>: {" + m.group(1) + "} is a per-sentence placeholder; in the "
                                + "batch form ({sentences}) each sentence's text and wav are in the JSONL file", "synthesizer", null);
                    }
                }
            }
        }
        return batch ? Form.BATCH : Form.PER_SENTENCE;
    }

    /** {@code arguments} with every known placeholder replaced by its value in {@code values}, in one pass. */
    static List<String> expand(List<String> arguments, Map<String, String> values) {
        List<String> out = new ArrayList<>(arguments.size());
        for (String a : arguments) {
            Matcher m = PLACEHOLDER.matcher(a);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(value == null ? m.group() : value));
            }
            m.appendTail(b);
            out.add(b.toString());
        }
        return out;
    }
}
