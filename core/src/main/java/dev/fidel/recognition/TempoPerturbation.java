package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.FidelException;
import java.util.Random;

/**
 * Speaking-rate augmentation of the recognizer's training: each time an utterance enters a batch its log-mel frames are
 * stretched along time by a factor drawn uniformly from {@code [slowest, fastest]} (0.7: 30 % slower, more frames; 1.2:
 * 20 % faster). A voice that speaks slower or faster than the corpus is then no stranger to the listener.
 *
 * <p>The stretch interpolates linearly between neighbouring frames of the log-mel spectrogram: time moves, every frame's
 * spectrum (pitch, formants) stays what it was, so it is a tempo change without a pitch change. It costs microseconds per
 * utterance and no copies, where a waveform method (WSOLA, phase vocoder) would need a second STFT per step or cached
 * copies of every clip; its artefact (a slowed transition is a cross-fade of two frames rather than a longer one) is of
 * the order of a frame hop. Factors come from a {@link Random} seeded by the training seed, so the same settings give the
 * same recognizer.
 *
 * @param slowest smallest factor (at most 1)
 * @param fastest largest factor (at least 1)
 */
public record TempoPerturbation(@JsonProperty("slowest") double slowest, @JsonProperty("fastest") double fastest) {

    /** No perturbation: every utterance at the corpus's own tempo. */
    public static final TempoPerturbation NONE = new TempoPerturbation(1, 1);

    public TempoPerturbation {
        if (!(slowest > 0 && slowest <= 1 && fastest >= 1 && fastest <= 4)) {
            throw new IllegalArgumentException("tempo factors " + slowest + ".." + fastest
                    + " must satisfy 0 < slowest <= 1 <= fastest <= 4");
        }
    }

    /**
     * 0.7 to 1.2: espeak-ng's slow Amharic ({@code -s 130} against its default 175) is 0.74 of the corpus's tempo; the
     * faster side needs less room because frames already shrink fourfold in the network before CTC.
     */
    public static TempoPerturbation defaults() {
        return new TempoPerturbation(0.7, 1.2);
    }

    /**
     * {@code <recognizerTempo>}: {@code SLOWEST-FASTEST} ({@code 0.7-1.2}) or {@code off}.
     *
     * @throws FidelException naming the setting when the text is neither
     */
    public static TempoPerturbation parse(String text) throws FidelException {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("off")) {
            return NONE;
        }
        String[] parts = t.split("-");
        try {
            if (parts.length == 2) {
                return new TempoPerturbation(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            throw new FidelException("<recognizerTempo> (-Dfidel.recognizer.tempo) \"" + text + "\": " + e.getMessage(), "recognizerTempo", e);
        }
        throw new FidelException("<recognizerTempo> (-Dfidel.recognizer.tempo) \"" + text + "\" is not SLOWEST-FASTEST (for example 0.7-1.2) "
                + "or off", "recognizerTempo", null);
    }

    @JsonIgnore
    public boolean enabled() {
        return slowest < 1 || fastest > 1;
    }

    /** A factor from {@code random} (1 when disabled; the random is then not drawn from). */
    double draw(Random random) {
        return enabled() ? slowest + (fastest - slowest) * random.nextDouble() : 1;
    }

    /**
     * {@code mel} spoken {@code factor} times as fast: {@code round(frames / factor)} frames, frame {@code i} interpolated
     * linearly at source position {@code i * factor}. The input is not changed; factor 1 returns it as is.
     */
    static float[][] stretch(float[][] mel, double factor) {
        if (factor == 1 || mel.length < 2) {
            return mel;
        }
        int frames = Math.max(1, (int) Math.round(mel.length / factor));
        float[][] out = new float[frames][];
        for (int i = 0; i < frames; i++) {
            double x = Math.min(i * factor, mel.length - 1);
            int a = (int) x;
            int b = Math.min(a + 1, mel.length - 1);
            float t = (float) (x - a);
            float[] fa = mel[a];
            float[] fb = mel[b];
            float[] f = new float[fa.length];
            for (int m = 0; m < f.length; m++) {
                f[m] = fa[m] + t * (fb[m] - fa[m]);
            }
            out[i] = f;
        }
        return out;
    }
}
