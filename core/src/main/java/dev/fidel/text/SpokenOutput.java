package dev.fidel.text;

/**
 * The reading being written, and how words, numbers and symbols are spaced in it: a number's reading is set apart
 * from what follows unless an Ethiopic letter follows (በ2015 stays attached, COVID19 does not), a symbol such as ።
 * sticks to the word before it and is followed by a space.
 */
final class SpokenOutput {

    private final StringBuilder out;
    /** A space is due before the next word (after a symbol such as ።). */
    private boolean pendingSpace;
    /** The last thing written was a number's reading. */
    private boolean afterNumber;

    SpokenOutput(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    /** A word boundary: one space, unless one is already there or nothing is written yet. */
    void boundary() {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
        pendingSpace = false;
        afterNumber = false;
    }

    void word(String w) {
        if (pendingSpace || afterNumber) {
            boundary();
        }
        out.append(w);
        afterNumber = false;
    }

    /** A unit or currency read after its number: what follows is spaced as after a number. */
    void numberWord(String w) {
        word(w);
        afterNumber = true;
    }

    /** A word with a boundary on each side ("&" read እና). */
    void separateWord(String w) {
        boundary();
        out.append(w);
        boundary();
    }

    /** A symbol attached to the word before it (no space before, one due after), written once however often repeated. */
    void symbol(String sym) {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        if (!endsWith(sym)) {
            out.append(sym);
        }
        pendingSpace = true;
        afterNumber = false;
    }

    /** One character of the text as written. */
    void copy(int cp) {
        if (pendingSpace || (afterNumber && Character.isLetter(cp) && !Ethiopic.isLetter(cp))) {
            boundary();
        }
        out.appendCodePoint(cp);
        pendingSpace = false;
        afterNumber = false;
    }

    /** A number read in words. */
    void numberReading(String reading) {
        if (pendingSpace || afterNumber) {
            boundary();
        } else if (out.length() > 0) {
            int last = out.codePointBefore(out.length());
            if (last != ' ' && !Ethiopic.isLetter(last)) {
                boundary(); // "COVID19" -> "COVID አስራ ዘጠኝ"; "በ2015" stays attached
            }
        }
        out.append(reading);
        afterNumber = true;
    }

    private boolean endsWith(String suffix) {
        int from = out.length() - suffix.length();
        return from >= 0 && out.indexOf(suffix, from) == from;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
