package dev.fidel.recognition;

import java.util.Arrays;

/** Best path decoding: the most likely class per frame, repeats merged, then blanks removed. */
public final class GreedyCtcDecoder {

    private GreedyCtcDecoder() {
    }

    /** @param bestClasses the arg-max class of each frame */
    public static int[] decode(int[] bestClasses) {
        int[] out = new int[bestClasses.length];
        int n = 0;
        int previous = -1;
        for (int c : bestClasses) {
            if (c != previous && c != CharacterSet.BLANK) {
                out[n++] = c;
            }
            previous = c;
        }
        return Arrays.copyOf(out, n);
    }
}
