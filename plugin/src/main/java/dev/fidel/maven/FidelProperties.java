package dev.fidel.maven;

/**
 * Every {@code -Dfidel.*} user property, in one place. Names mirror the XML elements:
 * {@code -Dfidel.vocab.size} is {@code <vocab><size>}.
 */
public final class FidelProperties {

    public static final String SKIP = "fidel.skip";
    public static final String FORCE = "fidel.force";

    private FidelProperties() {
    }
}
