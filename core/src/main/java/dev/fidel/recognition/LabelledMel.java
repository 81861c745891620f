package dev.fidel.recognition;

/** One training or evaluation utterance: its log-mel frames ({@code [frames][mels]}) and normalized text. */
public record LabelledMel(String id, float[][] mel, String text) {
}
