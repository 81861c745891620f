package dev.fidel.peer;

import dev.fidel.FidelException;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code resize.json}, written beside a resized peer checkpoint: which base files it came from (SHA-256),
 * how each text row was made, the romanization table's version, and the identity the folder is bound to:
 * the tokenizer (the SHA-256 of the extended tokenizer file) and the normalizer profile. A later use of
 * the folder with another tokenizer is refused by {@link #requireTokenizer}.
 *
 * @param peer the peer model ({@link PeerModel} name)
 * @param checkpoint the resized checkpoint's file name
 * @param safetensors its safetensors twin's file name
 * @param tokenizer the tokenizer's file name in the folder
 * @param config the config's file name in the folder
 * @param base SHA-256 of the base files: checkpoint, tokenizer, config
 * @param tokenizerIdentity SHA-256 of the extended tokenizer, the identity the folder is bound to
 * @param normalizerProfile the normalizer profile's SHA-256
 * @param tensors the resized tensors and their new shapes
 * @param randomTokens the tokens whose rows were drawn at random
 * @param dropped what the base checkpoint held besides its weights, dropped (config objects, optimizer)
 */
public record ResizeRecord(int formatVersion, String peer, String checkpoint, String safetensors, String tokenizer, String config,
        Map<String, String> base, String tokenizerIdentity, String normalizerProfile, String normalizerProfileName,
        String romanizationVersion, long seed, Rows rows, Map<String, List<Long>> tensors, List<String> randomTokens,
        List<String> dropped) {

    public static final String FILE_NAME = "resize.json";
    public static final int FORMAT_VERSION = 1;

    /**
     * Text rows before and after, and how the new ones were made.
     *
     * @param spare IndexTTS2's spare row (moved to the new last row)
     */
    public record Rows(int before, int after, int copied, int composed, int romanized, int random, int spare) {
    }

    /** The record in {@code folder}. */
    public static ResizeRecord read(Path folder, String setting) throws FidelException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new FidelException("<" + setting + "> " + folder + " has no " + FILE_NAME + ": it is not a folder resize-checkpoint wrote",
                    setting, null);
        }
        try {
            ResizeRecord record = Json.read(file, ResizeRecord.class);
            if (record.formatVersion() > FORMAT_VERSION) {
                throw new IOException("format version " + record.formatVersion() + " is newer than this Fidel reads");
            }
            return record;
        } catch (IOException e) {
            throw new FidelException("<" + setting + "> " + file + " cannot be read: " + e.getMessage(), setting, e);
        }
    }

    /**
     * Refuses to use the resized model in {@code folder} with the tokenizer {@code tokenizerFile} unless it is the
     * one the model was resized for (and the folder's own tokenizer file is still that one): rows are tokens, and
     * another tokenizer's ids would address the wrong rows. With {@code profile} (null: not checked), the normalizer
     * profile must be the one the tokenizer was extended with.
     */
    public static ResizeRecord requireTokenizer(Path folder, Path tokenizerFile, NormalizerProfile profile, String setting)
            throws FidelException {
        ResizeRecord record = read(folder, setting);
        String given = Sha256.ofUnchecked(tokenizerFile);
        if (!given.equals(record.tokenizerIdentity())) {
            throw new FidelException("<" + setting + "> " + folder + " was resized for the tokenizer " + record.tokenizerIdentity()
                    + " (" + record.tokenizer() + "), but the tokenizer given is " + tokenizerFile + " with identity " + given
                    + ": its ids would address the wrong rows. Use the tokenizer the model was resized for, or resize again", setting, null);
        }
        if (profile != null && !profile.sha256().equals(record.normalizerProfile())) {
            throw new FidelException("<" + setting + "> " + folder + " was resized for text normalized with the profile "
                    + record.normalizerProfile() + " (\"" + record.normalizerProfileName() + "\"), but this build's profile is "
                    + profile.sha256() + " (\"" + profile.name() + "\"): use the same <normalizerProfile> for every goal", setting, null);
        }
        Path own = folder.resolve(record.tokenizer());
        String inFolder = Files.isRegularFile(own) ? Sha256.ofUnchecked(own) : "missing";
        if (!inFolder.equals(record.tokenizerIdentity())) {
            throw new FidelException("<" + setting + "> " + folder + " was resized for the tokenizer " + record.tokenizerIdentity()
                    + ", but its " + record.tokenizer() + " is now " + inFolder + ": the folder was changed after resize-checkpoint wrote it",
                    setting, null);
        }
        return record;
    }
}
