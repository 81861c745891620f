package dev.fidel.recognition;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a training run did.
 *
 * @param steps optimizer steps taken
 * @param skippedSteps steps whose loss or gradient was not finite, thrown away (weights untouched)
 * @param droppedUtterances utterances whose text does not fit their frames under CTC
 * @param seconds wall-clock training time
 * @param finalLoss mean CTC loss (per target character) over the last 50 finite steps
 * @param stoppedByTimeLimit whether the wall-clock safety limit ended training before {@code maxSteps}
 */
public record CtcTrainingReport(
        @JsonProperty("steps") int steps,
        @JsonProperty("skippedSteps") int skippedSteps,
        @JsonProperty("droppedUtterances") int droppedUtterances,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("finalLoss") double finalLoss,
        @JsonProperty("stoppedByTimeLimit") boolean stoppedByTimeLimit) {
}
