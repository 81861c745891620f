package dev.fidel.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.text.SpokenText;

/**
 * One prepared utterance: a line of {@code train.jsonl}, {@code val.jsonl} or {@code test.jsonl}.
 *
 * @param id stable id (from the corpus: file name, row id), decides the split
 * @param speaker speaker id as the corpus names it
 * @param audio path of the normalized 16-bit mono WAV, relative to the manifest's folder
 * @param duration seconds
 * @param text the transcript as written in the corpus
 * @param normalizedText the transcript after the normalizer profile of the manifest
 */
public record Utterance(
        @JsonProperty("id") String id,
        @JsonProperty("speaker") String speaker,
        @JsonProperty("audio") String audio,
        @JsonProperty("duration") double duration,
        @JsonProperty("text") String text,
        @JsonProperty("normalizedText") String normalizedText) {

    /** The transcript as written and as normalized by prepare-data; a manifest of an older Fidel may lack the latter. */
    public SpokenText spoken() {
        if (normalizedText == null) {
            throw new IllegalStateException("utterance " + id + " has no normalizedText");
        }
        return new SpokenText(text, normalizedText);
    }
}
