package dev.fidel.recognition.whisper;

/** A stand-in for {@link WhisperChild} that never finishes, for the timeout test. */
public final class HangingChild {

    private HangingChild() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(600_000);
    }
}
