package dev.fidel.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.FidelException;
import dev.fidel.util.Json;

/**
 * Where a run stands, kept in each checkpoint ({@code state.json}: {@code trainer}) so that a killed or extended run
 * continues exactly where it stopped.
 *
 * @param run the identity of the run (see {@link FinetuneSettings}): a checkpoint of another run is not resumed
 * @param step optimizer steps taken
 * @param epoch the epoch the next batch is drawn from
 * @param batch the index of the next batch in that epoch's order
 * @param startValidationCodeCe the validation code loss before the run's first step: the improvement is measured from it
 */
record TrainingState(String run, int step, int epoch, int batch, double startValidationCodeCe) {

    /** The state as {@code state.json} stores it. */
    ObjectNode toJson() {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("run", run);
        state.put("step", step);
        state.put("epoch", epoch);
        state.put("batch", batch);
        state.put("startValidationCodeCe", startValidationCodeCe);
        return state;
    }

    /** The state a checkpoint stores; refused when it has none (not a checkpoint of a finetune run). */
    static TrainingState of(JsonNode trainer, String source) throws FidelException {
        if (trainer == null || !trainer.path("step").isNumber() || !trainer.path("epoch").isNumber() || !trainer.path("batch").isNumber()) {
            throw new FidelException(source + " holds no training state (state.json: trainer with step, epoch and batch): it was not "
                    + "written by finetune; point <outputDirectory> at a folder of its own", "outputDirectory", null);
        }
        return new TrainingState(trainer.path("run").asText(""), trainer.get("step").asInt(), trainer.get("epoch").asInt(),
                trainer.get("batch").asInt(), trainer.path("startValidationCodeCe").asDouble(Double.NaN));
    }
}
