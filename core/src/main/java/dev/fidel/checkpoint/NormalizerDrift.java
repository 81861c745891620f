package dev.fidel.checkpoint;

/**
 * What loading does when the current normalizer profile differs from the checkpoint's: {@link #FAIL}
 * (the default) refuses, listing the rules that changed; {@link #REPORT} goes on and returns that
 * list as a warning.
 */
public enum NormalizerDrift {
    FAIL,
    REPORT;

    /** The configuration element that chooses the policy. */
    public static final String SETTING = "normalizerDrift";
}
