package dev.fidel.training;

/** The typed events a {@link TrainingLoop} emits to its {@link TrainingListener}s. */
final class TrainingEvents {

    private TrainingEvents() {
    }

    /**
     * Where the loop stands after an optimizer step.
     *
     * @param step optimizer steps taken
     * @param epoch the epoch the next batch is drawn from
     * @param batch the index of the next batch in that epoch's order
     */
    record Position(int step, int epoch, int batch) {
    }

    /**
     * The validation losses at a step.
     *
     * @param codeCe the code cross-entropy, a token mean over the validation split
     * @param textCe the text cross-entropy, a mean over the validation batches
     */
    record Validation(int step, int epoch, double codeCe, double textCe) {
    }

    /**
     * The steps since the previous interval.
     *
     * @param microBatches batches trained on in this invocation so far
     * @param trainCodeCe mean code cross-entropy of the interval's steps
     * @param trainTextCe text cross-entropy of its last step
     * @param learningRate learning rate of its last step
     * @param codeTokensPerSecond throughput of this invocation so far
     * @param msPerStep milliseconds per optimizer step in this invocation so far
     * @param gradientNormMax the largest gradient norm of the interval (before clipping)
     * @param clippedSteps the interval's steps whose gradient was clipped
     * @param skippedSteps steps skipped in this invocation so far
     * @param maxSteps the step the run ends at
     */
    record Interval(int step, int epoch, long microBatches, double trainCodeCe, float trainTextCe, float learningRate,
            double codeTokensPerSecond, double msPerStep, double gradientNormMax, int clippedSteps, int skippedSteps, int maxSteps) {
    }

    /**
     * How the loop went.
     *
     * @param steps optimizer steps at the end
     * @param stepsThisRun steps taken in this invocation (not skipped)
     * @param seconds wall time of this invocation's loop
     * @param codeTokensPerSecond training throughput of this invocation
     * @param startValidationCodeCe validation code loss before the run's first step
     * @param endValidationCodeCe validation code loss at the end
     */
    record Summary(int steps, int stepsThisRun, double seconds, double codeTokensPerSecond, double startValidationCodeCe,
            double endValidationCodeCe) {

        double stepsPerSecond() {
            return stepsThisRun / Math.max(seconds, 1e-9);
        }
    }
}
