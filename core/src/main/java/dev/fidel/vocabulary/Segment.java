package dev.fidel.vocabulary;

/**
 * A stretch of text synthesized at once, with its token ids. The segments of a text concatenate back
 * to the normalized text, and their ids to the text's ids.
 */
public record Segment(String text, int[] ids) {
}
