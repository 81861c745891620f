package dev.fidel.vocabulary;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.AtomicFiles;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code train-vocab} service: reads the text, trains a BPE vocabulary (or extends a base one),
 * writes {@code vocabulary.model} and {@code vocabulary.json} into the output folder, and skips all of
 * it when the inputs and settings have not changed.
 */
public final class VocabularyTraining {

    public static final String GOAL = "train-vocab";

    /**
     * @param manifests prepared manifests ({@code train.jsonl})
     * @param texts plain text files, one sentence a line
     * @param outputDirectory where the vocabulary is written
     * @param options trainer settings
     * @param baseVocabulary a base {@code .model} to extend, or null
     * @param profile the normalizer profile
     * @param force train even when up to date
     */
    public record Request(List<Path> manifests, List<Path> texts, Path outputDirectory, TrainerOptions options,
            Path baseVocabulary, NormalizerProfile profile, boolean force) {

        public Request {
            manifests = List.copyOf(manifests);
            texts = List.copyOf(texts);
        }
    }

    /**
     * @param info the written header
     * @param skipped true when the earlier output was up to date
     * @param added pieces appended to the base (0 without a base)
     */
    public record Outcome(VocabularyInfo info, boolean skipped, int added) {
    }

    private final EventSink events;

    public VocabularyTraining(EventSink events) {
        this.events = events;
    }

    public Outcome run(Request request) throws FidelException {
        Path out = request.outputDirectory();
        Path modelFile = out.resolve(VocabularyInfo.MODEL_FILE_NAME);
        Path infoFile = out.resolve(VocabularyInfo.FILE_NAME);
        try {
            OwnedFolder owned = claimOutput(request);
            Map<String, String> inputs = inputHashes(request);
            Map<String, Object> trainer = trainerSettings(request.options());
            Fingerprint fingerprint = new Fingerprint(GOAL)
                    .with("inputs", inputs)
                    .with("trainer", new TreeMap<>(trainer))
                    .with("normalizer", request.profile().sha256());
            String stale = fingerprint.staleReason(out);
            if (stale == null && !request.force() && Files.isRegularFile(modelFile) && Files.isRegularFile(infoFile)) {
                VocabularyInfo info = Json.read(infoFile, VocabularyInfo.class);
                events.info("Vocabulary " + out + " is up to date (" + info.size() + " pieces, identity "
                        + info.identity().substring(0, 12) + "): skipped");
                return new Outcome(info, true, info.base() == null ? 0 : info.base().piecesAdded());
            }
            events.info("Training the vocabulary: " + (request.force() ? "forced" : stale));
            List<String> lines = new ArrayList<>();
            for (TextLines.Line l : TextLines.read(request.manifests(), request.texts(),
                    new AmharicNormalizer(request.profile()))) {
                lines.add(l.text());
            }
            long start = System.nanoTime();
            SentencePieceModel model;
            VocabularyInfo.Base base = null;
            int added = 0;
            if (request.baseVocabulary() != null) {
                SentencePieceModel baseModel = readBase(request.baseVocabulary());
                VocabularyExtender.Extension ext;
                try {
                    ext = new VocabularyExtender(request.options(), events).extend(baseModel, lines);
                } catch (IllegalArgumentException e) {
                    throw new FidelException(e.getMessage(), "vocab><size", e);
                }
                model = ext.model();
                added = ext.added();
                base = new VocabularyInfo.Base(baseModel.identity(), baseModel.size(), baseModel.modelType().name(), added);
                events.info("Extended " + request.baseVocabulary() + " (" + baseModel.modelType() + ", "
                        + baseModel.size() + " pieces) by " + added + " pieces: ids 0.." + (baseModel.size() - 1)
                        + " unchanged");
            } else {
                BpeTrainer.Result result;
                try {
                    result = new BpeTrainer(request.options(), events).train(lines);
                } catch (IllegalArgumentException e) {
                    throw new FidelException("vocabulary size " + request.options().vocabSize() + " is too small: "
                            + e.getMessage(), "vocab><size", e);
                }
                model = SentencePieceModel.ofTrained(result.pieces(), request.options());
            }
            owned.claim(VocabularyInfo.MODEL_FILE_NAME);
            AtomicFiles.write(modelFile, model.toBytes());
            VocabularyInfo info = Vocabulary.infoFor(model, modelFile, request.profile(), trainer, inputs, base);
            Json.write(infoFile, info);
            fingerprint.record(out);
            events.info(String.format(java.util.Locale.ROOT, "Wrote %s: %d pieces (%s), identity %s, in %.1f s",
                    modelFile, model.size(), model.modelType(), info.identity().substring(0, 12),
                    (System.nanoTime() - start) / 1e9));
            return new Outcome(info, false, added);
        } catch (IOException e) {
            throw new FidelException("cannot write the vocabulary to " + out + ": " + e.getMessage(), "outputDirectory", e);
        }
    }

    /**
     * The output folder, refused when it is, holds or lies inside an input, and taken with the names
     * train-vocab writes claimed: a file of such a name that train-vocab did not write is never replaced.
     */
    private static OwnedFolder claimOutput(Request request) throws FidelException, IOException {
        Map<String, Path> inputs = TextLines.inputs("baseVocabulary", request.baseVocabulary(), request.manifests(), request.texts());
        OutputPlacement.refuseOverlap(request.outputDirectory(), "outputDirectory", inputs);
        List<String> names = List.of(VocabularyInfo.MODEL_FILE_NAME, VocabularyInfo.FILE_NAME, Fingerprint.FILE_NAME);
        return OwnedFolder.take(request.outputDirectory(), GOAL, "outputDirectory", names::contains, names);
    }

    private static SentencePieceModel readBase(Path file) throws FidelException {
        if (!Files.isRegularFile(file)) {
            throw new FidelException(file + " does not exist", "baseVocabulary", null);
        }
        try {
            return SentencePieceModel.read(file, "baseVocabulary");
        } catch (IOException e) {
            throw new FidelException(e.getMessage(), "baseVocabulary", e);
        }
    }

    private static Map<String, String> inputHashes(Request request) throws IOException, FidelException {
        Map<String, String> hashes = new TreeMap<>();
        List<Path> all = new ArrayList<>(request.manifests());
        all.addAll(request.texts());
        if (request.baseVocabulary() != null) {
            all.add(request.baseVocabulary());
        }
        for (Path p : all) {
            if (!Files.isRegularFile(p)) {
                String setting = request.manifests().contains(p) ? "manifests"
                        : request.texts().contains(p) ? "texts" : "baseVocabulary";
                throw new FidelException(p + " does not exist", setting, null);
            }
            hashes.put(p.toString(), Sha256.of(p));
        }
        return hashes;
    }

    /** The trainer settings as train-vocab records them (fingerprint and header). */
    public static Map<String, Object> trainerSettings(TrainerOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", "fidel-bpe");
        m.put("vocabSize", o.vocabSize());
        m.put("characterCoverage", o.characterCoverage());
        m.put("requiredCharactersSha256", Sha256.of(o.requiredCharacters()));
        m.put("requiredCharacters", o.requiredCharacters().codePointCount(0, o.requiredCharacters().length()));
        m.put("byteFallback", o.byteFallback());
        m.put("userDefinedSymbols", o.userDefinedSymbols());
        m.put("maxPieceLength", o.maxPieceLength());
        return m;
    }
}
