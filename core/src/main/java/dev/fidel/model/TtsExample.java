package dev.fidel.model;

/**
 * One training or validation example: a speaker reference mel ({@code [frames][mels]}, normalized per
 * band), the text token ids and the code ids, both without start/stop tokens.
 */
public record TtsExample(String id, float[][] reference, int[] text, int[] codes) {
}
