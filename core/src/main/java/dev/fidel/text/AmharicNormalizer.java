package dev.fidel.text;

import java.text.Normalizer;

/**
 * Turns written Amharic into the text a speaker reads aloud, by the rules of one
 * {@link NormalizerProfile}. Total (never throws), idempotent, output in NFC.
 *
 * <p>SKELETON: the text helper implements the rules.
 */
public final class AmharicNormalizer {

    private final NormalizerProfile profile;

    public AmharicNormalizer(NormalizerProfile profile) {
        this.profile = profile;
    }

    public NormalizerProfile profile() {
        return profile;
    }

    public String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).strip();
    }
}
