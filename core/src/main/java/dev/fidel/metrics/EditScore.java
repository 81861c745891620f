package dev.fidel.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Edits against a reference of a given length. Its rate is edits / length (an empty reference
 * scores 0 when the hypothesis is empty too, else 1 per inserted unit). Scores add up, so the
 * overall rate of a set is the sum of edits over the sum of reference lengths.
 */
public record EditScore(@JsonProperty("edits") long edits, @JsonProperty("referenceLength") long referenceLength) {

    public static final EditScore ZERO = new EditScore(0, 0);

    public EditScore plus(EditScore other) {
        return new EditScore(edits + other.edits, referenceLength + other.referenceLength);
    }

    @JsonIgnore
    public double rate() {
        if (referenceLength == 0) {
            return edits;
        }
        return (double) edits / referenceLength;
    }
}
