package dev.fidel.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words numbers are read with: part of a {@link NormalizerProfile}, so a change of spelling
 * changes the profile's identity.
 *
 * @param ones the digits 0..9 ({@code ዜሮ አንድ ... ዘጠኝ}); also used to read digit by digit
 * @param tens 10, 20, ..., 90 at index 1..9 (index 0 is unused and must be empty)
 * @param teenPrefix the form of ten before 1..9 (11 = {@code አስራ አንድ})
 * @param hundred the word for 100
 * @param oneBeforeHundred whether 100 is read "one hundred" ({@code አንድ መቶ}) or just {@code መቶ}
 * @param scales 10^3, 10^6, 10^9, 10^12, ...: a cardinal has to be below 1000^(scales+1), longer
 *     integers are read digit by digit
 * @param ordinals the ordinal form of each word a cardinal can end in (3 = {@code ሶስተኛ})
 * @param point the decimal point ({@code ነጥብ}); the digits after it are read one by one
 * @param minus the sign of a negative number
 * @param range the word between the two ends of a range such as 5-10 ({@code እስከ})
 */
public record NumberWords(
        @JsonProperty("ones") List<String> ones,
        @JsonProperty("tens") List<String> tens,
        @JsonProperty("teenPrefix") String teenPrefix,
        @JsonProperty("hundred") String hundred,
        @JsonProperty("oneBeforeHundred") boolean oneBeforeHundred,
        @JsonProperty("scales") List<String> scales,
        @JsonProperty("ordinals") Map<String, String> ordinals,
        @JsonProperty("point") String point,
        @JsonProperty("minus") String minus,
        @JsonProperty("range") String range) {

    public NumberWords {
        ones = words("numbers.ones", ones, 10, 10);
        tens = List.copyOf(require("numbers.tens", tens));
        if (tens.size() != 10 || !tens.get(0).isEmpty()) {
            throw new IllegalArgumentException("normalizer profile: numbers.tens must list \"\" then the words for 10..90 (10 entries), got "
                    + tens.size());
        }
        words("numbers.tens", tens.subList(1, 10), 9, 9);
        teenPrefix = word("numbers.teenPrefix", teenPrefix);
        hundred = word("numbers.hundred", hundred);
        scales = words("numbers.scales", scales, 1, 5);
        ordinals = new TreeMap<>(require("numbers.ordinals", ordinals));
        ordinals.forEach((k, v) -> {
            word("numbers.ordinals key", k);
            word("numbers.ordinals[" + k + "]", v);
        });
        point = word("numbers.point", point);
        minus = word("numbers.minus", minus);
        range = word("numbers.range", range);
    }

    private static <T> T require(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException("normalizer profile: \"" + what + "\" is missing");
        }
        return value;
    }

    private static List<String> words(String what, List<String> list, int min, int max) {
        List<String> copy = List.copyOf(require(what, list));
        if (copy.size() < min || copy.size() > max) {
            throw new IllegalArgumentException("normalizer profile: \"" + what + "\" needs " + (min == max ? min : min + ".." + max)
                    + " words, got " + copy.size());
        }
        copy.forEach(w -> word(what, w));
        return copy;
    }

    /** A number word: non-blank, no ASCII digits, no marks the normalizer rewrites. */
    private static String word(String what, String value) {
        require(what, value);
        if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(c -> c < 0x80 && !Character.isLetter(c) && c != ' ')) {
            throw new IllegalArgumentException("normalizer profile: \"" + what + "\" must be a word without digits or punctuation, got \""
                    + value + "\"");
        }
        return value;
    }

    /** The largest integer read as a cardinal; longer ones are read digit by digit. */
    long maxCardinal() {
        long max = 1;
        for (int i = 0; i <= scales.size(); i++) {
            max *= 1000;
        }
        return max - 1;
    }
}
