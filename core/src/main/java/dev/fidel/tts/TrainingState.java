package dev.fidel.tts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fidel.util.Json;

/**
 * Where a run stands, kept in each checkpoint ({@code state.json}: {@code trainer}) so that a killed or extended run
 * continues exactly where it stopped.
 *
 * @param run the identity of the run (finetune's settings fingerprint): a checkpoint of another run is not resumed
 * @param step optimizer steps taken
 * @param epoch the epoch the next batch is drawn from
 * @param batch the index of the next batch in that epoch's order
 * @param startValidationCodeCe the validation code loss before the run's first step: the improvement is measured from it
 */
public record TrainingState(String run, int step, int epoch, int batch, double startValidationCodeCe) {

    /** The state as {@code state.json} stores it. */
    public ObjectNode toJson() {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("run", run);
        state.put("step", step);
        state.put("epoch", epoch);
        state.put("batch", batch);
        state.put("startValidationCodeCe", startValidationCodeCe);
        return state;
    }

    /** The state {@code trainer} stores, or null when it holds none (not a checkpoint of a finetune run). */
    public static TrainingState of(JsonNode trainer) {
        if (trainer == null || !trainer.path("step").isNumber() || !trainer.path("epoch").isNumber() || !trainer.path("batch").isNumber()) {
            return null;
        }
        return new TrainingState(trainer.path("run").asText(""), trainer.get("step").asInt(), trainer.get("epoch").asInt(),
                trainer.get("batch").asInt(), trainer.path("startValidationCodeCe").asDouble(Double.NaN));
    }
}
