package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real recording of a prepared split: its utterance line and its samples in [-1, 1]. */
public record Recording(Utterance utterance, float[] samples) {

    /** The setting that points the gate at the prepared splits ({@code <data>}). */
    static final String SETTING = "data";

    /** Reads the audio of up to {@code limit} utterances of a split (0: all), at {@code sampleRate}. */
    public static List<Recording> read(Path splitFile, int sampleRate, int limit) throws FidelException {
        List<Recording> out = new ArrayList<>();
        for (Utterance u : PreparedSplit.utterances(splitFile, SETTING)) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            out.add(new Recording(u, PreparedSplit.samplesAt(splitFile, u, sampleRate, SETTING)));
        }
        return out;
    }
}
