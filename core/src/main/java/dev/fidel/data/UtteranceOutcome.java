package dev.fidel.data;

/**
 * What became of one input of the corpus in a prepare-data run: an {@link Accepted} utterance, or a {@link Rejected}
 * one with its {@link RejectReason}. Every input has exactly one, in corpus order; the written files (the splits,
 * {@code rejected.jsonl}) and the manifest's counts are made from them.
 */
public sealed interface UtteranceOutcome permits UtteranceOutcome.Accepted, UtteranceOutcome.Rejected {

    /** Seconds of audio decoded for this input (0 when it was refused before decoding). */
    double decodedSeconds();

    /**
     * An utterance that passed every check; its audio is written.
     *
     * @param entry the corpus entry it came from
     * @param utterance its line of the split file
     * @param samplesSha256 SHA-256 of its written WAV (identical samples are rejected as duplicates)
     * @param downmixed its source audio had more than one channel
     */
    record Accepted(CorpusEntry entry, Utterance utterance, String samplesSha256, double decodedSeconds, boolean downmixed)
            implements UtteranceOutcome {
    }

    /**
     * An input that did not become an utterance.
     *
     * @param rejection its line of {@code rejected.jsonl}: where it came from, the reason and the detail in words
     */
    record Rejected(Rejection rejection, double decodedSeconds) implements UtteranceOutcome {

        public static Rejected of(CorpusEntry entry, RejectReason reason, String detail, double decodedSeconds) {
            return new Rejected(Rejection.of(entry, reason, detail), decodedSeconds);
        }

        public RejectReason reason() {
            return rejection.reason();
        }

        public String detail() {
            return rejection.detail();
        }
    }
}
