package dev.fidel.gate;

import dev.fidel.FidelException;
import java.util.Locale;

/**
 * Whether the recognizer is fit to judge speech: its CER on held-out <em>real</em> recordings at most
 * {@code maxRecognizerCer}. A listener that cannot read real speech would blame any model for its own deafness, so an
 * unfit one stops the build with a setup error (never a verdict on the model), naming the recognizer, its figure
 * and the remedy.
 */
final class ListenerCheck {

    private ListenerCheck() {
    }

    /**
     * @param recognizer the recognizer in words ("the built-in recognizer in target/fidel/recognizer, 400 of 400 steps")
     * @param onReal its figures on held-out real recordings (null: none were measured)
     * @param remedy what would make it fit, in words naming the settings
     * @param setting the element the error names
     */
    static void require(String recognizer, Figures onReal, double maxRecognizerCer, String remedy, String setting)
            throws FidelException {
        if (onReal == null) {
            throw new FidelException(recognizer + " could not be measured on real recordings (the prepared data has no val.jsonl "
                    + "or test.jsonl with audio): without that figure no synthesis is judged; run fidel:prepare-data with a "
                    + "corpus large enough for held-out splits", "data", null);
        }
        if (!(onReal.cer() <= maxRecognizerCer)) {
            throw new FidelException(String.format(Locale.ROOT, "the listener is unfit, so no model is judged: %s reads %d "
                    + "held-out REAL recordings with CER %.3f, above maxRecognizerCer %.3f. Remedy: %s", recognizer,
                    onReal.sentences(), onReal.cer(), maxRecognizerCer, remedy), setting, null);
        }
    }
}
