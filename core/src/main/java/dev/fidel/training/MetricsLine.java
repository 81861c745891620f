package dev.fidel.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code metrics.jsonl}, by kind ({@code "kind": "train"} or {@code "validation"}); the fields are written
 * in alphabetical order (as every JSON file Fidel writes), one JSON object a line.
 */
sealed interface MetricsLine permits MetricsLine.Train, MetricsLine.Validation {

    /** The line's {@code kind} field. */
    @JsonProperty("kind")
    String kind();

    /** The optimizer step the line is about. */
    int step();

    /**
     * The steps since the previous train line.
     *
     * @param batches batches trained on by this invocation so far
     * @param trainCodeCe mean code cross-entropy of the steps since the previous train line
     * @param trainTextCe text cross-entropy of the last of them
     * @param learningRate learning rate of the last of them
     * @param codeTokensPerSecond throughput of this invocation so far
     * @param msPerStep milliseconds per optimizer step of this invocation so far
     * @param gradientNormMax the largest gradient norm (before clipping) since the previous train line
     * @param clippedSteps steps since the previous train line whose gradient was clipped
     * @param skippedSteps steps this invocation skipped for a non-finite loss or gradient
     */
    @JsonIgnoreProperties(value = "kind", allowGetters = true)
    @JsonPropertyOrder(alphabetic = true, value = {"batches", "clippedSteps", "codeTokensPerSecond", "epoch", "gradientNormMax", "kind",
            "learningRate", "msPerStep", "skippedSteps", "step", "trainCodeCe", "trainTextCe"})
    record Train(@JsonProperty("step") int step, @JsonProperty("epoch") int epoch, @JsonProperty("batches") long batches,
            @JsonProperty("trainCodeCe") double trainCodeCe, @JsonProperty("trainTextCe") float trainTextCe,
            @JsonProperty("learningRate") float learningRate, @JsonProperty("codeTokensPerSecond") double codeTokensPerSecond,
            @JsonProperty("msPerStep") double msPerStep, @JsonProperty("gradientNormMax") double gradientNormMax,
            @JsonProperty("clippedSteps") int clippedSteps, @JsonProperty("skippedSteps") int skippedSteps) implements MetricsLine {

        static final String KIND = "train";

        static Train of(TrainingEvents.Interval i) {
            return new Train(i.step(), i.epoch(), i.microBatches(), i.trainCodeCe(), i.trainTextCe(), i.learningRate(),
                    i.codeTokensPerSecond(), i.msPerStep(), i.gradientNormMax(), i.clippedSteps(), i.skippedSteps());
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** The validation losses at a step: code cross-entropy as a token mean, text as a mean over batches. */
    @JsonIgnoreProperties(value = "kind", allowGetters = true)
    @JsonPropertyOrder(alphabetic = true, value = {"epoch", "kind", "step", "validationCodeCe", "validationTextCe"})
    record Validation(@JsonProperty("step") int step, @JsonProperty("epoch") int epoch,
            @JsonProperty("validationCodeCe") double validationCodeCe, @JsonProperty("validationTextCe") double validationTextCe)
            implements MetricsLine {

        static final String KIND = "validation";

        static Validation of(TrainingEvents.Validation v) {
            return new Validation(v.step(), v.epoch(), v.codeCe(), v.textCe());
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** The line as written to {@code metrics.jsonl} (without its newline). */
    default String json() {
        return Json.line(this);
    }

    /** The lines of {@code metrics} of a kind this Fidel writes (lines of other kinds are passed over); none when it is missing. */
    static List<MetricsLine> readAll(Path metrics) throws IOException {
        List<MetricsLine> out = new ArrayList<>();
        if (!Files.isRegularFile(metrics)) {
            return out;
        }
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.MAPPER.readTree(line);
            switch (n.path("kind").asText()) {
                case Train.KIND -> out.add(Json.MAPPER.treeToValue(n, Train.class));
                case Validation.KIND -> out.add(Json.MAPPER.treeToValue(n, Validation.class));
                default -> { }
            }
        }
        return out;
    }
}
