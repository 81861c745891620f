package dev.fidel.checkpoint;

import dev.fidel.FidelException;
import dev.fidel.text.NormalizerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a checkpoint must match to be loaded: the vocabulary, the normalizer profile, the codec and
 * the position table sizes the run asks for. Each expectation is optional; {@link #verify} refuses
 * the first mismatch with a {@link FidelException} naming both values and how to proceed. Immutable:
 * each method returns a new check.
 *
 * <pre>{@code
 * CheckpointCheck check = CheckpointCheck.none()
 *         .vocabulary(vocabulary.sha256(), vocabulary.size(), "vocabulary")
 *         .normalizer(profile, NormalizerDrift.FAIL)
 *         .codec(codec.sha256(), "codec")
 *         .positions("text", config.maxTextTokens(), "maxTextTokens");
 * }</pre>
 */
public final class CheckpointCheck {

    private final Expected vocabulary;
    private final NormalizerProfile normalizer;
    private final NormalizerDrift drift;
    private final Expected codec;
    private final List<Positions> positions;

    private record Expected(String sha256, int size, String setting) {
    }

    private record Positions(String table, int requested, String setting) {
    }

    private CheckpointCheck(Expected vocabulary, NormalizerProfile normalizer, NormalizerDrift drift, Expected codec, List<Positions> positions) {
        this.vocabulary = vocabulary;
        this.normalizer = normalizer;
        this.drift = drift;
        this.codec = codec;
        this.positions = List.copyOf(positions);
    }

    /** Checks nothing but what every load checks (format version, complete files). */
    public static CheckpointCheck none() {
        return new CheckpointCheck(null, null, NormalizerDrift.FAIL, null, List.of());
    }

    /**
     * The checkpoint must have been trained with the vocabulary of identity {@code sha256}. Leave
     * this out when fine-tuning with a new vocabulary: the embeddings are then resized
     * ({@link EmbeddingResizer}).
     *
     * @param setting the configuration element that names the vocabulary, for the message
     */
    public CheckpointCheck vocabulary(String sha256, int size, String setting) {
        return new CheckpointCheck(new Expected(Objects.requireNonNull(sha256), size, setting), normalizer, drift, codec, positions);
    }

    /** The checkpoint's normalizer profile must be {@code profile}; {@code drift} says what a difference does. */
    public CheckpointCheck normalizer(NormalizerProfile profile, NormalizerDrift drift) {
        return new CheckpointCheck(vocabulary, Objects.requireNonNull(profile), Objects.requireNonNull(drift), codec, positions);
    }

    /** The checkpoint must predict the codes of the codec of identity {@code sha256}. */
    public CheckpointCheck codec(String sha256, String setting) {
        return new CheckpointCheck(vocabulary, normalizer, drift, new Expected(Objects.requireNonNull(sha256), 0, setting), positions);
    }

    /** The checkpoint's position table {@code table} must hold at least {@code requested} positions. */
    public CheckpointCheck positions(String table, int requested, String setting) {
        List<Positions> more = new ArrayList<>(positions);
        more.add(new Positions(table, requested, setting));
        return new CheckpointCheck(vocabulary, normalizer, drift, codec, more);
    }

    /**
     * Checks {@code info} of the checkpoint called {@code name} (its folder, e.g. {@code step-000400}).
     *
     * @return warnings: the normalizer rules that changed, when the drift policy is {@link NormalizerDrift#REPORT}
     * @throws FidelException on the first mismatch, naming both values and how to proceed
     */
    public List<String> verify(String name, CheckpointInfo info) throws FidelException {
        List<String> warnings = new ArrayList<>();
        String checkpoint = "checkpoint " + name;
        if (vocabulary != null && !vocabulary.sha256.equals(info.vocabulary().sha256())) {
            throw new FidelException(checkpoint + " was trained with vocabulary " + info.vocabulary().label() + " but " + element(vocabulary.setting)
                    + " points to " + CheckpointInfo.Vocabulary.label(vocabulary.sha256, vocabulary.size)
                    + ": use the vocabulary embedded in the checkpoint, or fine-tune from this checkpoint with the new vocabulary so its"
                    + " embeddings are resized", vocabulary.setting, null);
        }
        if (normalizer != null) {
            String now = normalizer.sha256();
            if (!now.equals(info.normalizerSha256())) {
                List<String> changed = info.normalizer().diff(normalizer);
                String rules = changed.isEmpty()
                        ? "no rule differs, but the profile's identity does (it was written by another Fidel)"
                        : changed.size() + " rule(s) changed (checkpoint -> current):\n  " + String.join("\n  ", changed);
                String what = checkpoint + " was trained with normalizer profile " + shortHash(info.normalizerSha256()) + " (\""
                        + info.normalizer().name() + "\") but the current profile is " + shortHash(now) + " (\"" + normalizer.name() + "\"); "
                        + rules;
                if (drift == NormalizerDrift.FAIL) {
                    throw new FidelException(what + "\nNormalize as the checkpoint did (its profile is embedded in " + CheckpointStore.INFO
                            + "), or set " + element(NormalizerDrift.SETTING) + " to REPORT to go on with the current profile",
                            NormalizerDrift.SETTING, null);
                }
                warnings.add(what);
            }
        }
        if (codec != null && !codec.sha256.equals(info.codec().sha256())) {
            throw new FidelException(checkpoint + " predicts the codes of codec " + info.codec().kind() + " " + shortHash(info.codec().sha256())
                    + " but " + element(codec.setting) + " is " + shortHash(codec.sha256)
                    + ": use the codec the checkpoint was trained with, or train from scratch with the new codec", codec.setting, null);
        }
        for (Positions wanted : positions) {
            Integer has = info.positions().get(wanted.table);
            if (has == null) {
                throw new FidelException(checkpoint + " has no " + wanted.table + " position table (it has " + info.positions().keySet()
                        + "): it was written by another model; train from scratch", wanted.setting, null);
            }
            if (has < wanted.requested) {
                throw new FidelException(checkpoint + " has " + has + " " + wanted.table + " positions but " + element(wanted.setting)
                        + " asks for " + wanted.requested + ": set " + element(wanted.setting) + " to " + has
                        + " or less (a checkpoint's position table does not grow), or train from scratch", wanted.setting, null);
            }
        }
        return warnings;
    }

    /** The first 12 hex digits and an ellipsis: enough to tell identities apart in a message. */
    static String shortHash(String sha256) {
        return sha256.length() <= 12 ? sha256 : sha256.substring(0, 12) + "\u2026";
    }

    private static String element(String setting) {
        return "<" + setting + ">";
    }

    /** The expectations, for logs: e.g. {@code {vocabulary=3f2a…, text positions=600}}. */
    @Override
    public String toString() {
        Map<String, Object> parts = new java.util.LinkedHashMap<>();
        if (vocabulary != null) {
            parts.put("vocabulary", shortHash(vocabulary.sha256));
        }
        if (normalizer != null) {
            parts.put("normalizer", shortHash(normalizer.sha256()) + " " + drift);
        }
        if (codec != null) {
            parts.put("codec", shortHash(codec.sha256));
        }
        positions.forEach(p -> parts.put(p.table + " positions", p.requested));
        return parts.toString();
    }
}
