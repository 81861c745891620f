package dev.fidel.peer;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Sha256;
import dev.fidel.util.Versions;
import dev.fidel.vocabulary.TextLines;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.VocabularyTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code train-vocab} with {@code <baseTokenizer>}: extends a peer's tokenizer (XTTS {@code vocab.json},
 * IndexTTS2 {@code bpe.model}) with pieces learned on the normalized text, instead of training Fidel's own
 * vocabulary. Writes the extended file under the base's own file name into the output folder, and
 * {@link TokenizerExtensionInfo#FILE_NAME} beside it; skipped when inputs and settings are unchanged.
 */
public final class TokenizerExtension {

    /** The tag XTTS gets for the text's language (ISO 639-1 for Amharic), as its own {@code [en]}, {@code [de]}. */
    public static final String LANGUAGE_TAG = "[am]";
    static final String SETTING = "baseTokenizer";

    /**
     * @param manifests prepared manifests ({@code train.jsonl})
     * @param texts plain text files
     * @param outputDirectory where the extended tokenizer goes
     * @param options {@code vocabSize} is the extended tokenizer's rows; {@code requiredCharacters} are added
     *        seen or not; {@code maxPieceLength} bounds learned pieces; every character of the text the base
     *        lacks is added (no coverage cut, no byte fallback: the peer's file decides that)
     * @param baseTokenizer the peer's tokenizer file
     * @param profile the normalizer profile the text is normalized with
     * @param force extend even when up to date
     */
    public record Request(List<Path> manifests, List<Path> texts, Path outputDirectory, TrainerOptions options,
            Path baseTokenizer, NormalizerProfile profile, boolean force) {

        public Request {
            manifests = List.copyOf(manifests);
            texts = List.copyOf(texts);
        }
    }

    /** The header written (or found up to date) and whether the work was skipped. */
    public record Outcome(TokenizerExtensionInfo info, boolean skipped) {
    }

    private final EventSink events;

    public TokenizerExtension(EventSink events) {
        this.events = events;
    }

    public Outcome run(Request request) throws FidelException {
        Path base = request.baseTokenizer();
        if (!Files.isRegularFile(base)) {
            throw new FidelException(base + " does not exist: <baseTokenizer> names the peer's vocab.json or bpe.model",
                    SETTING, null);
        }
        if (!request.options().userDefinedSymbols().isEmpty()) {
            throw new FidelException("<userDefinedSymbols> are Fidel's own vocabulary's; a peer's tokenizer is extended with "
                    + "learned pieces only: remove them or <baseTokenizer>", "userDefinedSymbols", null);
        }
        String name = base.getFileName().toString();
        if (name.equals(TokenizerExtensionInfo.FILE_NAME) || name.startsWith(".fidel")) {
            throw new FidelException(base + ": a base tokenizer may not be named " + name + ", a name train-vocab writes itself",
                    SETTING, null);
        }
        Path out = request.outputDirectory();
        Path extendedFile = out.resolve(name);
        Path infoFile = out.resolve(TokenizerExtensionInfo.FILE_NAME);
        try {
            OwnedFolder owned = claimOutput(request, name);
            Map<String, String> inputs = inputHashes(request);
            Map<String, Object> trainer = new TreeMap<>(VocabularyTraining.trainerSettings(request.options()));
            trainer.put("algorithm", "fidel-peer-extension");
            trainer.put("languageTag", LANGUAGE_TAG);
            String baseSha = Sha256.of(base);
            Fingerprint fingerprint = new Fingerprint(VocabularyTraining.GOAL)
                    .with("baseTokenizer", baseSha)
                    .with("inputs", inputs)
                    .with("trainer", trainer)
                    .with("normalizer", request.profile().sha256());
            String stale = fingerprint.staleReason(out);
            if (stale == null && !request.force() && Files.isRegularFile(extendedFile) && Files.isRegularFile(infoFile)) {
                TokenizerExtensionInfo info = Json.read(infoFile, TokenizerExtensionInfo.class);
                if (info.sha256().equals(Sha256.of(extendedFile))) {
                    events.info("Tokenizer " + extendedFile + " is up to date (" + info.rows() + " rows, " + info.piecesAdded()
                            + " pieces added to " + base + "): skipped");
                    return new Outcome(info, true);
                }
                stale = extendedFile + " was changed after train-vocab wrote it";
            }
            events.info("Extending the base tokenizer " + base + ": " + (request.force() ? "forced" : stale));
            PeerTokenizer peer = read(base);
            List<String> lines = new ArrayList<>();
            for (TextLines.Line l : TextLines.read(request.manifests(), request.texts(), new AmharicNormalizer(request.profile()))) {
                lines.add(l.text());
            }
            int size = request.options().vocabSize();
            if (size <= peer.rows()) {
                throw new FidelException(String.format(Locale.ROOT, "the size %d leaves no room above the %d rows of %s: "
                        + "set <vocab><size> (-Dfidel.vocab.size) above it, e.g. %d", size, peer.rows(), base,
                        peer.rows() + 1000), "vocab><size", null);
            }
            long start = System.nanoTime();
            byte[] bytes;
            TokenizerExtensionInfo info;
            String required = request.options().requiredCharacters();
            if (peer instanceof XttsVocabulary xtts) {
                XttsVocabularyExtender.Extension ext;
                try {
                    ext = XttsVocabularyExtender.extend(xtts, lines, required, LANGUAGE_TAG, size,
                            request.options().maxPieceLength());
                } catch (IllegalArgumentException e) {
                    throw new FidelException(e.getMessage(), SETTING, e);
                }
                bytes = ext.json();
                info = info(peer, name, bytes, baseSha, ext.rows(), ext.piecesAdded(), ext.characters(), ext.merges(),
                        LANGUAGE_TAG, ext.tagId(), request, trainer, inputs);
            } else {
                SentencePiecePeer spm = (SentencePiecePeer) peer;
                SentencePieceExtender.Extension ext = SentencePieceExtender.extend(spm.model(), lines, required, size,
                        request.options().maxPieceLength(), events);
                bytes = ext.model().toBytes();
                info = info(peer, name, bytes, baseSha, ext.model().size(), ext.piecesAdded(), ext.characters(), ext.learned(),
                        null, null, request, trainer, inputs);
            }
            if (info.rows() < size) {
                events.warn("the text yields only " + info.learnedAdded() + " learned pieces: " + extendedFile + " has "
                        + info.rows() + " rows, fewer than the size " + size + " (<vocab><size>); more text gives more pieces");
            }
            owned.claim(name);
            AtomicFiles.write(extendedFile, bytes);
            Json.write(infoFile, info);
            fingerprint.record(out);
            events.info(String.format(Locale.ROOT, "Wrote %s: %d rows, %d pieces added to the base's %d (%d characters, "
                    + "%d learned%s), ids 0..%d unchanged, in %.1f s", extendedFile, info.rows(), info.piecesAdded(),
                    info.baseRows(), info.charactersAdded(), info.learnedAdded(),
                    info.languageTag() == null ? "" : ", " + info.languageTag() + " = " + info.languageTagId(),
                    info.baseRows() - 1, (System.nanoTime() - start) / 1e9));
            return new Outcome(info, false);
        } catch (IOException e) {
            throw new FidelException("cannot write the extended tokenizer to " + out + ": " + e.getMessage(), "outputDirectory", e);
        }
    }

    /** Reads a tokenizer file as a peer does, a broken one refused naming {@code <baseTokenizer>}. */
    static PeerTokenizer read(Path file) throws FidelException {
        try {
            return PeerTokenizers.read(file);
        } catch (IOException e) {
            throw new FidelException(e.getMessage(), SETTING, e);
        }
    }

    private static TokenizerExtensionInfo info(PeerTokenizer base, String name, byte[] bytes, String baseSha, int rows,
            int added, int characters, int learned, String tag, Integer tagId, Request request, Map<String, Object> trainer,
            Map<String, String> inputs) {
        return new TokenizerExtensionInfo(TokenizerExtensionInfo.FORMAT_VERSION, base.format().name(), name,
                Sha256.of(bytes), baseSha, base.rows(), rows, added, characters, learned, tag, tagId,
                request.profile().sha256(), trainer, inputs, Versions.FIDEL);
    }

    private static OwnedFolder claimOutput(Request request, String name) throws FidelException, IOException {
        Map<String, Path> inputs = TextLines.inputs(SETTING, request.baseTokenizer(), request.manifests(), request.texts());
        OutputPlacement.refuseOverlap(request.outputDirectory(), "outputDirectory", inputs);
        List<String> names = List.of(name, TokenizerExtensionInfo.FILE_NAME, Fingerprint.FILE_NAME);
        return OwnedFolder.take(request.outputDirectory(), VocabularyTraining.GOAL, "outputDirectory", names::contains, names);
    }

    private static Map<String, String> inputHashes(Request request) throws IOException, FidelException {
        Map<String, String> hashes = new TreeMap<>();
        for (Path p : request.manifests()) {
            hashes.put(p.toString(), hashOf(p, "manifests"));
        }
        for (Path p : request.texts()) {
            hashes.put(p.toString(), hashOf(p, "texts"));
        }
        return hashes;
    }

    private static String hashOf(Path p, String setting) throws IOException, FidelException {
        if (!Files.isRegularFile(p)) {
            throw new FidelException(p + " does not exist", setting, null);
        }
        return Sha256.of(p);
    }
}
