package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.data.DataManifest;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Fingerprint;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.vocabulary.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finetune's files before anything is trained: the inputs exist and were made with the run's normalizer profile, and
 * the output folder is finetune's to write (never an input, never holding an entry of the user's).
 */
final class FinetuneInputs {

    private FinetuneInputs() {
    }

    /**
     * Takes the output folder: refused when it is, holds or lies inside an input, or when it holds an
     * entry of a name finetune writes that its marker does not list (the user's, never overwritten).
     */
    static OwnedFolder claimOutput(FinetuneRequest r) throws FidelException, IOException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("trainManifest", r.trainManifest());
        inputs.put("validationManifest", r.validationManifest());
        inputs.put("vocabulary", r.vocabulary());
        inputs.put("baseCheckpoint", r.baseCheckpoint());
        inputs.put("codec", r.codec());
        OutputPlacement.refuseOverlap(r.outputDirectory(), "outputDirectory", inputs);
        return OwnedFolder.take(r.outputDirectory(), CheckpointStore.GOAL, "outputDirectory", FinetuneInputs::isOutputEntry,
                List.of(MetricsLog.FILE_NAME, LossChart.FILE_NAME, TrainingReport.FILE_NAME, TrainingData.CODEC_CACHE, Fingerprint.FILE_NAME));
    }

    /**
     * Each input file exists and can be read, else it is refused under its own element: the manifests, the vocabulary
     * (a folder or its {@code .model}, as {@link Vocabulary#load} reads it) and the codec.
     */
    static void requireInputs(FinetuneRequest r) throws FidelException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("trainManifest", r.trainManifest());
        files.put("validationManifest", r.validationManifest());
        files.put("vocabulary", Vocabulary.modelFile(r.vocabulary()));
        files.put("codec", r.codec());
        for (Map.Entry<String, Path> f : files.entrySet()) {
            if (f.getValue() != null && !(Files.isRegularFile(f.getValue()) && Files.isReadable(f.getValue()))) {
                throw new FidelException("<" + f.getKey() + "> " + f.getValue() + (Files.exists(f.getValue()) ? " cannot be read as a file"
                        : " does not exist"), f.getKey(), null);
            }
        }
    }

    /** Whether finetune writes an entry of this name in its output folder. */
    static boolean isOutputEntry(String name) {
        return CheckpointStore.isStoreEntry(name) || name.equals(MetricsLog.FILE_NAME) || name.equals(LossChart.FILE_NAME)
                || name.equals(TrainingData.CODEC_CACHE)
                || name.equals(Fingerprint.FILE_NAME) || name.equals(TrainingReport.FILE_NAME);
    }

    /**
     * One profile from prepare-data to the checkpoint: the data folder's {@code manifest.json} (when there is one) must
     * record the run's profile. Refused, never only reported: the checkpoint records the profile, and it must be the
     * one its training data was checked and split with.
     */
    static void checkDataProfile(Path trainManifest, NormalizerProfile profile) throws FidelException {
        Path file = trainManifest.toAbsolutePath().getParent().resolve(DataManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return;
        }
        DataManifest data;
        NormalizerProfile used;
        try {
            data = Json.read(file, DataManifest.class, "trainManifest");
            if (data.normalizerSha256() == null || data.normalizerSha256().equals(profile.sha256())) {
                return;
            }
            used = Json.MAPPER.treeToValue(data.normalizerProfile(), NormalizerProfile.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new FidelException("cannot read the normalizer profile recorded in " + file + ": " + e.getMessage(), "trainManifest", e);
        }
        List<String> changed = used.diff(profile);
        throw new FidelException(file + " was prepared with normalizer profile " + shortHash(data.normalizerSha256()) + " (\"" + used.name()
                + "\") but <" + NormalizerProfile.SETTING + "> is " + shortHash(profile.sha256()) + " (\"" + profile.name() + "\"); "
                + changed.size() + " rule(s) changed (data -> current):\n  " + String.join("\n  ", changed)
                + "\nRun prepare-data (and train-vocab) with the same <" + NormalizerProfile.SETTING + ">: a pipeline normalizes with one"
                + " profile from prepare-data to the checkpoint", NormalizerProfile.SETTING, null);
    }

    private static String shortHash(String sha256) {
        return sha256.length() <= 12 ? sha256 : sha256.substring(0, 12) + "\u2026";
    }

}
