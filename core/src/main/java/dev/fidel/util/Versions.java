package dev.fidel.util;

/** Versions that travel into every artifact's provenance. */
public final class Versions {

    /** Fidel's own version, from the jar manifest when packaged. */
    public static final String FIDEL = versionOf(Versions.class, "dev");

    public static final String DJL = "0.34.0";

    private Versions() {
    }

    private static String versionOf(Class<?> type, String fallback) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? fallback : v;
    }
}
