package dev.fidel.training;

import dev.fidel.FidelException;
import java.util.List;

/** What a run trains ({@code <mode>}): every parameter, all but frozen parts, or low-rank adapters on a frozen base. */
public sealed interface Adaptation permits Adaptation.Full, Adaptation.Freeze, Adaptation.Lora {

    /** The name in the POM ({@code <mode>}) and in messages. */
    String mode();

    /** Every parameter is trained. */
    record Full() implements Adaptation {
        @Override
        public String mode() {
            return "full";
        }
    }

    /**
     * All but the first {@code layers} GPT blocks and, with {@code conditioning}, the conditioning encoder.
     */
    record Freeze(int layers, boolean conditioning) implements Adaptation {
        @Override
        public String mode() {
            return "freeze";
        }
    }

    /**
     * Low-rank adapters on the {@link #TARGETS} of every GPT block; the base stays frozen and needs a base checkpoint.
     *
     * @param rank the adapters' rank r (1 .. model width)
     * @param alpha the adapters' update is scaled by {@code alpha / rank}
     * @param targets the projections adapted (today always {@link #TARGETS})
     */
    record Lora(int rank, float alpha, List<String> targets) implements Adaptation {

        /** The projections of a GPT block that carry adapters. */
        public static final List<String> TARGETS = List.of("query", "key", "value", "attentionOutput", "mlp");

        public Lora {
            targets = List.copyOf(targets);
        }

        @Override
        public String mode() {
            return "lora";
        }
    }

    /** The adaptation the request's {@code <mode>} and its settings name, checked; {@code hasBase}: a base checkpoint is set. */
    static Adaptation of(String mode, int freezeLayers, boolean freezeConditioning, int loraRank, float loraAlpha, boolean hasBase)
            throws FidelException {
        switch (mode) {
            case "full":
                return new Full();
            case "freeze":
                if (freezeLayers < 0 || freezeLayers == 0 && !freezeConditioning) {
                    throw new FidelException("<mode> freeze with <freezeLayers> " + freezeLayers + " and <freezeConditioning> "
                            + freezeConditioning + " freezes nothing: set <freezeLayers> to the number of first GPT blocks to keep fixed"
                            + " and/or <freezeConditioning>true</freezeConditioning>", "freezeLayers", null);
                }
                return new Freeze(freezeLayers, freezeConditioning);
            case "lora":
                if (loraRank < 1) {
                    throw new FidelException("<loraRank> " + loraRank + " must be at least 1 (-Dfidel.finetune.loraRank)", "loraRank", null);
                }
                if (!(loraAlpha > 0) || !Float.isFinite(loraAlpha)) {
                    throw new FidelException("<loraAlpha> " + loraAlpha + " must be positive and finite (-Dfidel.finetune.loraAlpha);"
                            + " the adapters' update is scaled by loraAlpha / loraRank", "loraAlpha", null);
                }
                if (!hasBase) {
                    throw new FidelException("<mode> lora adapts a trained model but no <baseCheckpoint> is set: the base weights stay"
                            + " frozen, so a random base would stay random; set <baseCheckpoint> or use <mode>full</mode>",
                            "baseCheckpoint", null);
                }
                return new Lora(loraRank, loraAlpha, Lora.TARGETS);
            default:
                throw new FidelException("<mode> " + mode + " is not one of full, freeze, lora", "mode", null);
        }
    }
}
