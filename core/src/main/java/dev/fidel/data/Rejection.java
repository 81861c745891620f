package dev.fidel.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of {@code rejected.jsonl}: an input that did not become an utterance, and why.
 *
 * @param file the audio or transcript file, relative to the corpus directory
 * @param source where the transcript came from (e.g. {@code validated.tsv:12}), or null
 * @param id the utterance id the input would have had, or null when it has none
 * @param reason why (written as its {@link RejectReason#code()})
 * @param detail the reason in words, with the measured value and the limit it broke
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(
        @JsonProperty("file") String file,
        @JsonProperty("source") String source,
        @JsonProperty("id") String id,
        @JsonProperty("reason") RejectReason reason,
        @JsonProperty("detail") String detail) {

    public static Rejection of(CorpusEntry entry, RejectReason reason, String detail) {
        return new Rejection(entry.file(), entry.source(), entry.id(), reason, detail);
    }

    public static Rejection ofFile(String file, RejectReason reason, String detail) {
        return new Rejection(file, null, null, reason, detail);
    }
}
