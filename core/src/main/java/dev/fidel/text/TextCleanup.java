package dev.fidel.text;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * What the normalizer does to characters before and after reading: {@link #sanitize} leaves only plain spaces and
 * ASCII digits for the rules to see; {@link #finish} folds homophones (when the profile says so), composes to NFC
 * and collapses spaces.
 */
final class TextCleanup {

    private final Map<Integer, String> homophones = new HashMap<>();

    TextCleanup(NormalizerProfile profile) {
        if (profile.has(NormalizerProfile.Flag.FOLD_HOMOPHONES)) {
            profile.homophones().forEach((k, v) -> homophones.put(k.codePointAt(0), v));
        }
    }

    /**
     * Drops unpaired surrogates and format characters (ZWJ, BOM, soft hyphen), turns controls and
     * every kind of space into a plain space, digits of other scripts into ASCII digits and the
     * apostrophe look-alikes (’ ʼ) into {@code '}; then composes to NFC.
     */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int cp;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(i + 1));
                i += 2;
            } else {
                cp = c;
                i++;
                if (Character.isSurrogate(c)) {
                    continue;
                }
            }
            int type = Character.getType(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL) {
                out.append(' ');
            } else if (type == Character.FORMAT) {
                continue;
            } else if (type == Character.DECIMAL_DIGIT_NUMBER && (cp < '0' || cp > '9')) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else if (cp == '\u2019' || cp == '\u02BC') {
                out.append('\'');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** Folds homophones (when on), composes to NFC, collapses and trims spaces. */
    String finish(String read) {
        String nfc = Normalizer.normalize(homophones.isEmpty() ? read : fold(read), Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (c == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' ')) {
                continue;
            }
            out.append(c);
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }

    private String fold(String read) {
        StringBuilder out = new StringBuilder(read.length());
        read.codePoints().forEach(cp -> {
            String to = homophones.get(cp);
            if (to == null) {
                out.appendCodePoint(cp);
            } else {
                out.append(to);
            }
        });
        return out.toString();
    }
}
