package dev.fidel.codec;

/**
 * Turns mel frames into discrete codes the GPT predicts, and codes back into mel frames.
 * The default is {@link VqMelCodec}; a learned DVAE or an external semantic codec fits the same shape.
 */
public interface AudioCodec {

    /** Codes for {@code [frames][mels]} log-mel frames; a trailing partial group is padded with its last frame. */
    int[] encode(float[][] mel);

    /** {@code [codes.length * framesPerCode()][mels]} log-mel frames for the codes. */
    float[][] decode(int[] codes);

    /** Number of distinct codes (ids {@code 0 .. codebookSize()-1}). */
    int codebookSize();

    /** Mel frames each code stands for. */
    int framesPerCode();

    /** SHA-256 of the codec's saved content: what a checkpoint records and checks. */
    String sha256();
}
