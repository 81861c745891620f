package dev.fidel.text;

/**
 * Ethiopic numerals read as Amharic words (፲፱፻፺፭ -> አንድ ሺህ ዘጠኝ መቶ ዘጠና አምስት) by their value
 * ({@link EthiopicNumerals#parse}); a run beyond the scale words is read numeral by numeral. Followed by {@code ኛ} it
 * is an ordinal; a unit or currency after it is read after its words.
 */
final class EthiopicNumeralReading {

    private final NumberSpeller speller;
    private final NumberWords words;
    private final UnitsAndCurrencies units;

    EthiopicNumeralReading(NumberSpeller speller, NumberWords words, UnitsAndCurrencies units) {
        this.speller = speller;
        this.words = words;
        this.units = units;
    }

    /** The run of numerals at the cursor, written and read past. */
    void read(TextCursor c, SpokenOutput out) {
        int start = c.i;
        while (c.i < c.n && Ethiopic.isNumeral(c.charAt(c.i))) {
            c.i++;
        }
        String numerals = c.substring(start, c.i);
        String reading = reading(numerals);
        boolean ordinal = c.i < c.n && c.charAt(c.i) == 'ኛ';
        if (ordinal) {
            reading = speller.ordinal(reading);
            c.i++;
        }
        out.numberReading(reading);
        if (!ordinal) {
            units.after(c, out);
        }
    }

    private String reading(String numerals) {
        long value = EthiopicNumerals.parse(numerals);
        if (value != EthiopicNumerals.TOO_LARGE && value <= words.maxCardinal()) {
            return speller.cardinal(value);
        }
        // Beyond the scale words: each numeral on its own.
        StringBuilder each = new StringBuilder();
        numerals.chars().forEach(n -> {
            if (each.length() > 0) {
                each.append(' ');
            }
            each.append(speller.cardinal(EthiopicNumerals.valueOf(n)));
        });
        return each.toString();
    }
}
