package dev.fidel.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@code finetune} run did.
 *
 * @param checkpoint the final checkpoint folder
 * @param upToDate true when nothing ran (inputs and settings unchanged)
 * @param resumedFrom the step the run resumed from, or 0
 * @param steps optimizer steps at the end
 * @param milestoneSteps the learning-rate milestones, in optimizer steps, as used
 * @param startValidationCodeCe validation code cross-entropy before training (of the run's first start)
 * @param endValidationCodeCe validation code cross-entropy after training
 * @param codeTokensPerSecond training throughput of this invocation
 * @param stepsPerSecond optimizer steps per second of this invocation
 * @param resize the embedding resize counts ("copied 7980, composed 15, random 5"), or null
 */
public record FinetuneResult(Path checkpoint, boolean upToDate, long resumedFrom, long steps, List<Integer> milestoneSteps,
        double startValidationCodeCe, double endValidationCodeCe, double codeTokensPerSecond, double stepsPerSecond, String resize) {
}
