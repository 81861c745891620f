package dev.fidel.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The normalization rules as data. Its SHA-256 (over its canonical JSON) is its identity, carried
 * into every artifact downstream so that training and synthesis provably normalize the same way;
 * {@link #diff} says in words what changed between two profiles.
 *
 * <p>Keys of {@code abbreviations} and {@code contractions} must contain a {@code /}, {@code .} or
 * {@code '} (ዶ/ር, አ.አ, የ'ኔ): the normalizer never leaves those marks in its output, so an
 * expansion can never be expanded again. A key ending in {@code /} (ገ/) abbreviates the first part
 * of a name (ገ/ማርያም is ገብረ ማርያም). {@code attachedPrefixes} are the prepositions written onto
 * the next word (በዶ/ር is በዶክተር).
 *
 * @param formatVersion the version of this JSON layout ({@link #FORMAT_VERSION})
 * @param name a label for people; part of the identity
 * @param flags the optional rules that are on
 * @param abbreviations abbreviation -> what is read
 * @param contractions elided form -> full form
 * @param attachedPrefixes prepositions that may be written onto an abbreviation
 * @param currencies currency sign or word -> its word, read after the amount ($5 is "አምስት ዶላር")
 * @param units unit -> its words, expanded after a number (5 ኪ.ሜ is "አምስት ኪሎ ሜትር")
 * @param punctuation mark -> its normalized form: a symbol (kept, attached to the word before),
 *     a word ("&" -> "እና"), " " (a word boundary) or "" (joins letters, else a word boundary)
 * @param homophones letter -> letter it is folded into when {@link Flag#FOLD_HOMOPHONES} is on
 * @param numbers the words numbers are read with
 */
public record NormalizerProfile(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("name") String name,
        @JsonProperty("flags") Set<Flag> flags,
        @JsonProperty("abbreviations") Map<String, String> abbreviations,
        @JsonProperty("contractions") Map<String, String> contractions,
        @JsonProperty("attachedPrefixes") Set<String> attachedPrefixes,
        @JsonProperty("currencies") Map<String, String> currencies,
        @JsonProperty("units") Map<String, String> units,
        @JsonProperty("punctuation") Map<String, String> punctuation,
        @JsonProperty("homophones") Map<String, String> homophones,
        @JsonProperty("numbers") NumberWords numbers) {

    /** The JSON layout this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** The marks every abbreviation or contraction key must contain (see the class comment). */
    static final String ABBREVIATION_MARKS = "/.'";

    private static final String RESOURCE = "amharic-profile.json";

    /** Where the built-in profile lies in fidel-core's jar: a copy to edit. */
    public static final String BUILTIN_RESOURCE = "dev/fidel/text/" + RESOURCE;

    /** The file prepare-data writes beside {@code manifest.json}: the profile it normalized with. */
    public static final String FILE_NAME = "normalizer-profile.json";

    /** The configuration element that names a profile file. */
    public static final String SETTING = "normalizerProfile";

    /** Optional rules. */
    public enum Flag {
        /** Expand {@code abbreviations} (otherwise their marks become word boundaries). */
        EXPAND_ABBREVIATIONS,
        /** Expand {@code contractions}. */
        EXPAND_CONTRACTIONS,
        /** Read Ethiopic numerals (፲፱፻፺፭) as numbers; otherwise they are kept as written. */
        READ_ETHIOPIC_NUMERALS,
        /** Fold letters that sound alike ({@code homophones}: ሐ ኀ -> ሀ, ሠ -> ሰ, ዐ -> አ, ፀ -> ጸ). */
        FOLD_HOMOPHONES
    }

    public NormalizerProfile {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("normalizer profile: formatVersion " + formatVersion + " is not one this Fidel reads (1.."
                    + FORMAT_VERSION + ")");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("normalizer profile: \"name\" is missing");
        }
        flags = flags == null ? null : new TreeSet<>(flags);
        require("flags", flags);
        abbreviations = keyed("abbreviations", abbreviations, true);
        contractions = keyed("contractions", contractions, true);
        attachedPrefixes = new TreeSet<>(require("attachedPrefixes", attachedPrefixes));
        currencies = keyed("currencies", currencies, false);
        units = keyed("units", units, false);
        punctuation = keyed("punctuation", punctuation, false);
        homophones = keyed("homophones", homophones, false);
        for (String letter : homophones.keySet()) {
            if (letter.codePointCount(0, letter.length()) != 1) {
                throw new IllegalArgumentException("normalizer profile: homophone key \"" + letter + "\" must be a single letter");
            }
        }
        require("numbers", numbers);
        for (Map.Entry<String, String> e : punctuation.entrySet()) {
            if (containsAny(e.getValue(), ABBREVIATION_MARKS)) {
                throw new IllegalArgumentException("normalizer profile: punctuation " + quote(e.getKey()) + " maps to " + quote(e.getValue())
                        + ", which contains one of " + ABBREVIATION_MARKS + " that the normalizer removes");
            }
        }
        checkFinal(punctuation, abbreviations, contractions, currencies, units, punctuation, homophones, numbers);
    }

    /**
     * Every text the normalizer writes must come out unchanged from a second pass (idempotence):
     * no digits, numerals, controls or marks that it would rewrite again.
     */
    private static void checkFinal(Map<String, String> punctuation, Map<String, String> abbreviations, Map<String, String> contractions,
            Map<String, String> currencies, Map<String, String> units, Map<String, String> symbols, Map<String, String> homophones,
            NumberWords numbers) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put("abbreviation", abbreviations);
        all.put("contraction", contractions);
        all.put("currency", currencies);
        all.put("unit", units);
        all.put("punctuation", symbols);
        all.put("homophone", homophones);
        List<String> numberWords = new ArrayList<>(numbers.ones());
        numberWords.addAll(numbers.tens());
        numberWords.addAll(numbers.scales());
        numberWords.addAll(numbers.ordinals().values());
        numberWords.addAll(List.of(numbers.teenPrefix(), numbers.hundred(), numbers.point(), numbers.minus(), numbers.range()));
        Map<String, String> words = new LinkedHashMap<>();
        numberWords.forEach(w -> words.put(w, w));
        all.put("number word", words);
        for (Map.Entry<String, Map<String, String>> kind : all.entrySet()) {
            for (Map.Entry<String, String> e : kind.getValue().entrySet()) {
                String value = e.getValue();
                String problem = problemIn(value, punctuation, kind.getKey().equals("punctuation"));
                if (problem != null) {
                    throw new IllegalArgumentException("normalizer profile: " + kind.getKey() + " " + quote(e.getKey()) + " -> "
                            + quote(value) + " " + problem + ", so a second pass would change it");
                }
            }
        }
    }

    private static String problemIn(String value, Map<String, String> punctuation, boolean isPunctuation) {
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            return "is not in NFC";
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.DECIMAL_DIGIT_NUMBER || Ethiopic.isNumeral(cp)) {
                return "has a digit or numeral";
            }
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || (cp != ' ' && (Character.isWhitespace(cp) || Character.isSpaceChar(cp))) || cp == '\u2019' || cp == '\u02BC') {
                return "has a control, format or space character the normalizer rewrites";
            }
            boolean startsMark = false;
            for (String key : punctuation.keySet()) {
                if (key.codePointAt(0) == cp) {
                    startsMark = true;
                    break;
                }
            }
            if (startsMark && !(isPunctuation && value.equals(punctuation.get(value)))) {
                return "has the mark " + quote(new String(Character.toChars(cp))) + " that punctuation rewrites";
            }
        }
        return null;
    }

    private static <T> T require(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException("normalizer profile: \"" + what + "\" is missing");
        }
        return value;
    }

    private static Map<String, String> keyed(String what, Map<String, String> map, boolean needsMark) {
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : require(what, map).entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || key.isEmpty() || value == null) {
                throw new IllegalArgumentException("normalizer profile: " + what + " has an empty key or value: " + key + " -> " + value);
            }
            if (needsMark && !containsAny(key, ABBREVIATION_MARKS)) {
                throw new IllegalArgumentException("normalizer profile: " + what + " key " + quote(key) + " must contain one of "
                        + ABBREVIATION_MARKS + " (else its expansion could be expanded again)");
            }
            if (value.chars().anyMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("normalizer profile: " + what + " " + quote(key) + " -> " + quote(value)
                        + " has an ASCII digit in what is read");
            }
            if (containsAny(value, ABBREVIATION_MARKS) && !what.equals("punctuation")) {
                throw new IllegalArgumentException("normalizer profile: " + what + " " + quote(key) + " -> " + quote(value)
                        + " must not contain " + ABBREVIATION_MARKS);
            }
            copy.put(key, value);
        }
        return copy;
    }

    private static boolean containsAny(String text, String chars) {
        return text.chars().anyMatch(c -> chars.indexOf(c) >= 0);
    }

    /** The built-in Amharic profile (the resource {@code dev/fidel/text/amharic-profile.json}). */
    public static NormalizerProfile amharic() {
        return Builtin.AMHARIC;
    }

    private static final class Builtin {
        static final NormalizerProfile AMHARIC = load();

        private static NormalizerProfile load() {
            try (InputStream in = NormalizerProfile.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource dev/fidel/text/" + RESOURCE + " is missing from fidel-core");
                }
                return Json.MAPPER.readValue(in, NormalizerProfile.class);
            } catch (IOException e) {
                throw new UncheckedIOException("resource dev/fidel/text/" + RESOURCE + " is broken: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The profile a goal is configured with: the JSON file {@code file} (in {@link #write}'s format), or
     * the built-in Amharic profile when {@code file} is null.
     *
     * @throws FidelException naming the file and {@code <normalizerProfile>} when the file is missing,
     *     is not JSON, or breaks a rule (the message says which)
     */
    public static NormalizerProfile configured(Path file) throws FidelException {
        if (file == null) {
            return amharic();
        }
        String element = "<" + SETTING + "> " + file;
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new FidelException(element + " does not exist: point it at a normalizer profile JSON file (a copy of the built-in "
                    + "one is in fidel-core's jar as " + BUILTIN_RESOURCE + ", and prepare-data writes the profile it used as "
                    + FILE_NAME + " beside manifest.json), or leave it out for the built-in profile", SETTING, null);
        }
        try {
            return Json.MAPPER.readValue(dev.fidel.util.BoundedFiles.bytes(file, dev.fidel.util.BoundedFiles.Kind.JSON, SETTING),
                    NormalizerProfile.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // The record's own check refused a rule: its message names the rule.
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new FidelException(element + " is not a valid normalizer profile: " + why.replaceFirst("^normalizer profile: ", ""),
                    SETTING, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new FidelException(element + " is not a normalizer profile" + at + ": " + e.getOriginalMessage(), SETTING, e);
        } catch (IOException e) {
            throw new FidelException(element + " cannot be read: " + e.getMessage(), SETTING, e);
        }
    }

    /** Reads a profile written by {@link #write}; the message names the file and the broken rule. */
    public static NormalizerProfile read(Path file) throws IOException {
        return Json.read(file, NormalizerProfile.class);
    }

    /** Writes this profile as pretty JSON, atomically. */
    public void write(Path file) throws IOException {
        Json.write(file, this);
    }

    /** The profile's identity: SHA-256 of its canonical JSON. */
    public String sha256() {
        return Sha256.of(Json.line(this));
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** This profile with {@code flag} on or off. */
    public NormalizerProfile with(Flag flag, boolean on) {
        Set<Flag> changed = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        if (on) {
            changed.add(flag);
        } else {
            changed.remove(flag);
        }
        return new NormalizerProfile(formatVersion, name, changed, abbreviations, contractions, attachedPrefixes, currencies, units,
                punctuation, homophones, numbers);
    }

    /**
     * Every rule that differs from {@code other}, one line each, in words: {@code abbreviation
     * "ዶ/ር": "ዶክተር" -> (removed)}, {@code flag FOLD_HOMOPHONES: off -> on}. Empty when the two
     * profiles normalize alike (same identity).
     */
    public List<String> diff(NormalizerProfile other) {
        Map<String, String> mine = rules();
        Map<String, String> theirs = other.rules();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : mine.entrySet()) {
            String was = e.getValue();
            String now = theirs.get(e.getKey());
            if (now == null) {
                lines.add(e.getKey() + ": " + was + " -> (removed)");
            } else if (!now.equals(was)) {
                lines.add(e.getKey() + ": " + was + " -> " + now);
            }
        }
        for (Map.Entry<String, String> e : theirs.entrySet()) {
            if (!mine.containsKey(e.getKey())) {
                lines.add(e.getKey() + ": (absent) -> " + e.getValue());
            }
        }
        return lines;
    }

    /** Each rule as "what it is" -> "its value", in a fixed order. */
    private Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("formatVersion", Integer.toString(formatVersion));
        rules.put("name", quote(name));
        for (Flag flag : Flag.values()) {
            rules.put("flag " + flag, flags.contains(flag) ? "on" : "off");
        }
        entries(rules, "abbreviation", abbreviations);
        entries(rules, "contraction", contractions);
        members(rules, "attached prefix", attachedPrefixes);
        entries(rules, "currency", currencies);
        entries(rules, "unit", units);
        entries(rules, "punctuation", punctuation);
        entries(rules, "homophone", homophones);
        for (int i = 0; i < numbers.ones().size(); i++) {
            rules.put("number word for " + i, quote(numbers.ones().get(i)));
        }
        for (int i = 1; i < numbers.tens().size(); i++) {
            rules.put("number word for " + i * 10, quote(numbers.tens().get(i)));
        }
        rules.put("number word before 11..19", quote(numbers.teenPrefix()));
        rules.put("number word for 100", quote(numbers.hundred()));
        rules.put("number rule \"say one before hundred\"", numbers.oneBeforeHundred() ? "on" : "off");
        for (int i = 0; i < numbers.scales().size(); i++) {
            rules.put("number word for 10^" + 3 * (i + 1), quote(numbers.scales().get(i)));
        }
        entries(rules, "ordinal of", numbers.ordinals());
        rules.put("number word for the decimal point", quote(numbers.point()));
        rules.put("number word for minus", quote(numbers.minus()));
        rules.put("number word for a range", quote(numbers.range()));
        return rules;
    }

    private static void entries(Map<String, String> rules, String kind, Map<String, String> map) {
        map.forEach((k, v) -> rules.put(kind + " " + quote(k), quote(v)));
    }

    private static void members(Map<String, String> rules, String kind, Collection<String> set) {
        set.forEach(k -> rules.put(kind + " " + quote(k), "present"));
    }

    private static String quote(String s) {
        return Json.line(s);
    }
}
