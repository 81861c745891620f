package dev.fidel.gate;

/**
 * Expected and heard text side by side with the characters that differ marked: a minimal edit alignment (Levenshtein)
 * of the two, each character of the expected text that was missed or misheard wrapped in {@code <mark class=miss>},
 * each heard character that was not said in {@code <mark class=extra>}. HTML-escaped.
 */
final class CharacterDiff {

    private CharacterDiff() {
    }

    /** The two texts as HTML: {@code [expected, heard]}. */
    static String[] html(String expected, String heard) {
        int[] a = expected.codePoints().toArray();
        int[] b = heard.codePoints().toArray();
        int[][] d = new int[a.length + 1][b.length + 1];
        for (int i = 0; i <= a.length; i++) {
            for (int j = 0; j <= b.length; j++) {
                d[i][j] = i == 0 ? j : j == 0 ? i
                        : Math.min(d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        boolean[] missed = new boolean[a.length];
        boolean[] extra = new boolean[b.length];
        for (int i = a.length, j = b.length; i > 0 || j > 0;) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)) {
                missed[i - 1] = extra[j - 1] = a[i - 1] != b[j - 1];
                i--;
                j--;
            } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
                missed[--i] = true;
            } else {
                extra[--j] = true;
            }
        }
        return new String[] {marked(a, missed, "miss"), marked(b, extra, "extra")};
    }

    private static String marked(int[] text, boolean[] differs, String kind) {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < text.length; i++) {
            String c = ReportHtml.esc(new String(Character.toChars(text[i])));
            h.append(differs[i] ? "<mark class=" + kind + ">" + c + "</mark>" : c);
        }
        return h.toString();
    }
}
