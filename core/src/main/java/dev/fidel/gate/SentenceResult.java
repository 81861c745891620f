package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One synthesized sentence as the recognizer heard it.
 *
 * @param index position in the sentence list (the WAV is {@code audio/<index>.wav})
 * @param text the sentence as given
 * @param transcript what the recognizer heard
 * @param characterEdits edits between the normalized text and transcript, in characters
 * @param characters characters of the normalized text
 * @param wordEdits edits in words
 * @param words words of the normalized text
 * @param seenInTraining whether the normalized text is one of the training split's
 * @param seconds length of the synthesized audio
 * @param stopped whether the model ended every segment with its stop code (false: cut at maxCodes)
 */
public record SentenceResult(
        @JsonProperty("index") int index,
        @JsonProperty("text") String text,
        @JsonProperty("transcript") String transcript,
        @JsonProperty("characterEdits") long characterEdits,
        @JsonProperty("characters") long characters,
        @JsonProperty("wordEdits") long wordEdits,
        @JsonProperty("words") long words,
        @JsonProperty("seenInTraining") boolean seenInTraining,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("stopped") boolean stopped) {

    public double cer() {
        return characters == 0 ? (characterEdits == 0 ? 0 : 1) : (double) characterEdits / characters;
    }

    public double wer() {
        return words == 0 ? (wordEdits == 0 ? 0 : 1) : (double) wordEdits / words;
    }
}
