package dev.fidel.model;

/**
 * The shape of LoRA adapters: each adapted projection {@code W} acts as {@code W + (alpha / rank) * B * A}
 * with {@code A [rank, in]} and {@code B [out, rank]}.
 *
 * @param rank the inner width r of each adapter (at least 1, at most the model width)
 * @param alpha the scale numerator: the update is scaled by {@code alpha / rank}
 */
public record LoraSettings(int rank, float alpha) {

    public LoraSettings {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank " + rank + " must be at least 1");
        }
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("LoRA alpha " + alpha + " must be positive and finite");
        }
    }

    /** The factor the low-rank update is multiplied by. */
    public float scale() {
        return alpha / rank;
    }

    /** The largest rank the model allows: the smallest side of any adapted projection, the model width. */
    public static int maxRank(GptConfig config) {
        return config.width();
    }
}
