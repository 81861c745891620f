package dev.fidel.synthesis;

/** Anything that speaks a text: a {@link Synthesizer} with a fixed speaker and seed, or a stand-in in tests. */
@FunctionalInterface
public interface TextToSpeech {

    Synthesis speak(String rawText);
}
