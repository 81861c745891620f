package dev.fidel.util;

import java.util.Locale;

/** A number of bytes in words for messages: {@code 524,288 bytes}, {@code 1.4 TB}. */
public final class ByteSize {

    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private ByteSize() {
    }

    /** Exact below a megabyte, else one decimal in decimal units; a double, so a size too large for a long still reads. */
    public static String of(double bytes) {
        if (bytes < 1e6) {
            return String.format(Locale.ROOT, "%,d bytes", (long) bytes);
        }
        int unit = 0;
        double value = bytes / 1e3;
        while (value >= 1e3 && unit < UNITS.length - 1) {
            value /= 1e3;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
