package dev.fidel.text;

/**
 * A position in one text being read (only plain spaces and ASCII digits remain after {@link TextCleanup#sanitize}),
 * and the questions each rule asks about what lies around it.
 */
final class TextCursor {

    final String s;
    final int n;
    /** The next code unit to read. */
    int i;

    TextCursor(String s) {
        this.s = s;
        this.n = s.length();
    }

    boolean atEnd() {
        return i >= n;
    }

    char charAt(int at) {
        return s.charAt(at);
    }

    boolean startsWith(String prefix, int at) {
        return s.startsWith(prefix, at);
    }

    String substring(int from, int to) {
        return s.substring(from, to);
    }

    /** No letter or mark just before {@code at}. */
    boolean atWordStart(int at) {
        return at == 0 || !isLetterOrMark(s.codePointBefore(at));
    }

    boolean digitAt(int at) {
        return at < n && isDigit(s.charAt(at));
    }

    boolean previousIsLetterOrDigit(int at) {
        if (at == 0) {
            return false;
        }
        int prev = s.codePointBefore(at);
        return isLetterOrMark(prev) || isDigit(prev);
    }

    boolean letterAt(int at) {
        return at >= 0 && at < n && isLetterOrMark(s.codePointAt(at));
    }

    boolean letterBefore(int at) {
        return at > 0 && isLetterOrMark(s.codePointBefore(at));
    }

    /** The first position at or after {@code at} that is not a space. */
    int skipSpaces(int at) {
        int j = at;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        return j;
    }

    /** The end of the run of ASCII digits that starts at {@code from}. */
    int digitsEnd(int from) {
        int end = from;
        while (end < n && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    static boolean isLetterOrMark(int cp) {
        if (Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
