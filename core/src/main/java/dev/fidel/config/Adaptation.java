package dev.fidel.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fidel.FidelException;
import java.util.List;
import java.util.Locale;

/**
 * What a run trains ({@code <mode>}): every parameter, all but frozen parts, or low-rank adapters on a frozen base. In
 * {@code checkpoint.json} it is an object whose {@code kind} names the mode: {@code {"kind": "lora", "rank": 8, ...}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Adaptation.Full.class, name = "full"),
        @JsonSubTypes.Type(value = Adaptation.Freeze.class, name = "freeze"),
        @JsonSubTypes.Type(value = Adaptation.Lora.class, name = "lora")})
public sealed interface Adaptation permits Adaptation.Full, Adaptation.Freeze, Adaptation.Lora {

    /** The modes {@code <mode>} names. */
    enum Kind {
        FULL, FREEZE, LORA;

        /** The name in the POM and in the checkpoint ({@code lora}). */
        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which of the three this is. */
    Kind kind();

    /** Every parameter is trained. */
    record Full() implements Adaptation {
        @Override
        public Kind kind() {
            return Kind.FULL;
        }
    }

    /**
     * All but the first {@code layers} GPT blocks and, with {@code conditioning}, the conditioning encoder.
     */
    record Freeze(@JsonProperty("layers") int layers, @JsonProperty("conditioning") boolean conditioning) implements Adaptation {
        @Override
        public Kind kind() {
            return Kind.FREEZE;
        }
    }

    /**
     * Low-rank adapters on the {@link #TARGETS} of every GPT block; the base stays frozen and needs a base checkpoint.
     *
     * @param rank the adapters' rank r (1 .. model width)
     * @param alpha the adapters' update is scaled by {@code alpha / rank}
     * @param targets the projections adapted (today always {@link #TARGETS})
     */
    record Lora(@JsonProperty("rank") int rank, @JsonProperty("alpha") float alpha, @JsonProperty("targets") List<String> targets)
            implements Adaptation {

        /** The projections of a GPT block that carry adapters. */
        public static final List<String> TARGETS = List.of("query", "key", "value", "attentionOutput", "mlp");

        public Lora {
            targets = List.copyOf(targets);
        }

        /** Adapters of this rank and alpha on the usual {@link #TARGETS}. */
        public Lora(int rank, float alpha) {
            this(rank, alpha, TARGETS);
        }

        @Override
        public Kind kind() {
            return Kind.LORA;
        }
    }

    /**
     * The adaptation {@code kind} names with its own settings (the others' are not part of it): {@code <mode>} with
     * {@code <freezeLayers>}, {@code <freezeConditioning>}, {@code <loraRank>} and {@code <loraAlpha>}.
     */
    static Adaptation of(Kind kind, int freezeLayers, boolean freezeConditioning, int loraRank, float loraAlpha) {
        return switch (kind) {
            case FULL -> new Full();
            case FREEZE -> new Freeze(freezeLayers, freezeConditioning);
            case LORA -> new Lora(loraRank, loraAlpha);
        };
    }

    /** Refuses settings that train nothing or cannot work; {@code hasBase}: a base checkpoint is set. */
    static void check(Adaptation adaptation, boolean hasBase) throws FidelException {
        if (adaptation instanceof Freeze f && (f.layers() < 0 || f.layers() == 0 && !f.conditioning())) {
            throw new FidelException("<mode> freeze with <freezeLayers> " + f.layers() + " and <freezeConditioning> "
                    + f.conditioning() + " freezes nothing: set <freezeLayers> to the number of first GPT blocks to keep fixed"
                    + " and/or <freezeConditioning>true</freezeConditioning>", "freezeLayers", null);
        }
        if (adaptation instanceof Lora lora) {
            if (lora.rank() < 1) {
                throw new FidelException("<loraRank> " + lora.rank() + " must be at least 1 (-Dfidel.finetune.loraRank)", "loraRank", null);
            }
            if (!(lora.alpha() > 0) || !Float.isFinite(lora.alpha())) {
                throw new FidelException("<loraAlpha> " + lora.alpha() + " must be positive and finite (-Dfidel.finetune.loraAlpha);"
                        + " the adapters' update is scaled by loraAlpha / loraRank", "loraAlpha", null);
            }
            if (!hasBase) {
                throw new FidelException("<mode> lora adapts a trained model but no <baseCheckpoint> is set: the base weights stay"
                        + " frozen, so a random base would stay random; set <baseCheckpoint> or use <mode>full</mode>",
                        "baseCheckpoint", null);
            }
        }
    }
}
