package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One sentence's clip as the recognizer heard it.
 *
 * @param index position in the sentence list
 * @param id the sentence id (its clip is {@code <id>.wav})
 * @param text the sentence as given
 * @param normalizedText the text after the normalizer; its spoken form ({@link dev.fidel.metrics.SpokenForm}) is what the clip
 *        is scored against
 * @param transcript what the recognizer heard ("" when the clip was not transcribed: see {@code finding})
 * @param characterEdits edits between the normalized text and transcript, in characters
 * @param characters characters of the normalized text
 * @param wordEdits edits in words
 * @param words words of the normalized text
 * @param characterEditsIgnoringSpaces edits in characters with every space removed from both sides
 * @param charactersIgnoringSpaces characters of the scored text less its spaces
 * @param seenInTraining whether the normalized text is one of the training split's
 * @param seconds length of the clip
 * @param stopped whether a checkpoint ended every segment with its stop code (false: cut at maxCodes; true for other synthesizers)
 * @param audio the clip's file (null when there is none)
 * @param finding why the clip was not transcribed and scored CER 1.0 (null: it was transcribed)
 * @param scoredText the spoken form of the normalized text: exactly what the edits are counted against
 * @param scoredTranscript the spoken form of the transcript
 */
public record SentenceResult(
        @JsonProperty("index") int index,
        @JsonProperty("id") String id,
        @JsonProperty("text") String text,
        @JsonProperty("normalizedText") String normalizedText,
        @JsonProperty("transcript") String transcript,
        @JsonProperty("characterEdits") long characterEdits,
        @JsonProperty("characters") long characters,
        @JsonProperty("wordEdits") long wordEdits,
        @JsonProperty("words") long words,
        @JsonProperty("characterEditsIgnoringSpaces") long characterEditsIgnoringSpaces,
        @JsonProperty("charactersIgnoringSpaces") long charactersIgnoringSpaces,
        @JsonProperty("seenInTraining") boolean seenInTraining,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("stopped") boolean stopped,
        @JsonProperty("audio") String audio,
        @JsonProperty("finding") ClipFinding finding,
        @JsonProperty("scoredText") String scoredText,
        @JsonProperty("scoredTranscript") String scoredTranscript) {

    public double cer() {
        return characters == 0 ? (characterEdits == 0 ? 0 : 1) : (double) characterEdits / characters;
    }

    public double wer() {
        return words == 0 ? (wordEdits == 0 ? 0 : 1) : (double) wordEdits / words;
    }
}
