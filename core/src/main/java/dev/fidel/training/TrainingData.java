package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.data.PreparedMels;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import dev.fidel.model.TtsExample;
import dev.fidel.util.Sha256;
import dev.fidel.vocabulary.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The prepared splits as the model sees them: each utterance's mel spectrogram, the codec that turns mels into codes
 * (given, the base checkpoint's, or learned from the training split and cached), and the examples (text tokens, codes
 * and a speaker reference) of both splits.
 */
final class TrainingData {

    /** The folder in the output where a codec learned from the training split is kept. */
    static final String CODEC_CACHE = "codec";

    private final FinetuneRequest r;
    private final EventSink events;
    private final List<Utterance> train;
    private final List<Utterance> validation;
    private final List<float[][]> trainMels;
    private final List<float[][]> validationMels;

    private TrainingData(FinetuneRequest r, EventSink events, List<Utterance> train, List<Utterance> validation,
            List<float[][]> trainMels, List<float[][]> validationMels) {
        this.r = r;
        this.events = events;
        this.train = train;
        this.validation = validation;
        this.trainMels = trainMels;
        this.validationMels = validationMels;
    }

    /** Both splits read and their mels computed (in parallel) or read from the mels cached beside the data ({@link PreparedMels}). */
    static TrainingData read(FinetuneRequest r, EventSink events) throws FidelException {
        List<Utterance> train = PreparedSplit.utterances(r.trainManifest(), "trainManifest");
        List<Utterance> validation = PreparedSplit.utterances(r.validationManifest(), "validationManifest");
        events.info("finetune: mels of " + train.size() + " training and " + validation.size() + " validation utterances");
        return new TrainingData(r, events, train, validation, mels(train, r.trainManifest(), "trainManifest", events),
                mels(validation, r.validationManifest(), "validationManifest", events));
    }

    private static List<float[][]> mels(List<Utterance> utterances, Path manifest, String setting, EventSink events)
            throws FidelException {
        MelConfig config = MelConfig.defaults();
        return PreparedMels.of(manifest, utterances, config, clip -> PreparedSplit.samples(clip, config.sampleRate(), setting), events);
    }

    /** The codec: {@code <codec>}, else the base checkpoint's, else one learned from the training split (cached in the output). */
    VqMelCodec codec(VqMelCodec baseCodec, Path out) throws FidelException, IOException {
        if (r.codec() != null) {
            VqMelCodec codec = VqMelCodec.load(r.codec());
            events.info("codec " + r.codec() + " (" + codec.sha256().substring(0, 12) + ")");
            return codec;
        }
        if (baseCodec != null) {
            events.info("reusing the base checkpoint's codec " + baseCodec.sha256().substring(0, 12));
            return baseCodec;
        }
        VqMelCodec.Settings settings = VqMelCodec.Settings.defaults();
        String key = Sha256.of(Sha256.of(r.trainManifest()) + settings).substring(0, 16);
        Path cached = out.resolve(CODEC_CACHE).resolve("codec-" + key + ".vq");
        if (Files.isRegularFile(cached)) {
            VqMelCodec codec = VqMelCodec.load(cached);
            events.info("codec " + codec.sha256().substring(0, 12) + " from cache " + cached);
            return codec;
        }
        long t0 = System.nanoTime();
        VqMelCodec codec = VqMelCodec.learn(trainMels, settings);
        Files.createDirectories(cached.getParent());
        codec.save(cached);
        events.info(String.format("codec learned from the training split in %.1f s: K=%d, %d frames per code, reconstruction MSE %.4f,"
                + " %s (cached as %s)", (System.nanoTime() - t0) / 1e9, codec.codebookSize(), codec.framesPerCode(),
                codec.reconstructionError(trainMels.subList(0, Math.min(200, trainMels.size()))), codec.sha256().substring(0, 12), cached));
        return codec;
    }

    /** The examples of both splits; the speaker references are drawn from the training split. */
    Examples examples(Vocabulary vocabulary, VqMelCodec codec, GptConfig config) throws FidelException {
        Map<String, List<float[][]>> references = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            references.computeIfAbsent(train.get(i).speaker(), s -> new ArrayList<>()).add(codec.normalize(trainMels.get(i)));
        }
        long seed = r.training().run().seed();
        List<TtsExample> trainExamples = examples(train, trainMels, vocabulary, codec, config, references, new Random(seed + 1),
                "training");
        List<TtsExample> validationExamples = examples(validation, validationMels, vocabulary, codec, config, references,
                new Random(seed + 2), "validation");
        if (trainExamples.isEmpty() || validationExamples.isEmpty()) {
            throw new FidelException("finetune needs training and validation utterances; " + r.trainManifest() + " gives "
                    + trainExamples.size() + ", " + r.validationManifest() + " gives " + validationExamples.size(), "trainManifest", null);
        }
        return new Examples(trainExamples, validationExamples);
    }

    /** The examples of both splits. */
    record Examples(List<TtsExample> train, List<TtsExample> validation) {
    }

    private List<TtsExample> examples(List<Utterance> utterances, List<float[][]> mels, Vocabulary vocabulary, VqMelCodec codec,
            GptConfig config, Map<String, List<float[][]>> references, Random random, String split) {
        List<TtsExample> out = new ArrayList<>();
        int croppedText = 0;
        int skipped = 0;
        List<float[][]> anyReference = references.values().stream().flatMap(List::stream).toList();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            int[] text = vocabulary.encode(u.text());
            int[] codes = codec.encode(mels.get(i));
            if (codes.length > config.maxCodeTokens()) {
                skipped++;
                continue;
            }
            if (text.length > config.maxTextTokens()) {
                text = Arrays.copyOf(text, config.maxTextTokens());
                croppedText++;
            }
            List<float[][]> refs = references.getOrDefault(u.speaker(), anyReference);
            out.add(new TtsExample(u.id(), refs.get(random.nextInt(refs.size())), text, codes));
        }
        if (skipped > 0 || croppedText > 0) {
            events.warn(split + ": " + skipped + " utterance(s) longer than " + config.maxCodeTokens() + " codes skipped, " + croppedText
                    + " text(s) cropped to " + config.maxTextTokens() + " tokens");
        }
        return out;
    }
}
