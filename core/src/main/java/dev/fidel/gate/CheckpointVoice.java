package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.data.PreparedSplit;
import dev.fidel.data.Utterance;
import dev.fidel.event.EventSink;
import dev.fidel.synthesis.SamplingSettings;
import dev.fidel.synthesis.SpeakerReferences;
import dev.fidel.synthesis.Synthesis;
import dev.fidel.synthesis.SynthesisSettings;
import dev.fidel.synthesis.Synthesizer;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import dev.fidel.util.OwnedFolder;
import dev.fidel.vocabulary.Vocabulary;
import dev.fidel.vocoder.GriffinLim;
import dev.fidel.vocoder.Vocoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Fidel checkpoint as the gate's synthesizer ({@link GateRequest.FromCheckpoint}): loaded (refusing a vocabulary that
 * does not match), it speaks greedily with one speaker reference, writing {@code audio/<id>.wav}; it also gives the
 * codec ceiling's path (real audio through its codec and vocoder).
 */
final class CheckpointVoice implements AutoCloseable {

    /** Sentences generated together in one batch: the default gate's 40 at once (measured: docs/benchmarks.md). */
    static final int BATCH = 40;

    private final TtsCheckpoint tts;
    private final Vocoder vocoder;
    private final Synthesizer synthesizer;
    private final SpeakerReferences.Reference speaker;
    private final GateRequest.FromCheckpoint spec;

    private CheckpointVoice(TtsCheckpoint tts, Vocoder vocoder, Synthesizer synthesizer, SpeakerReferences.Reference speaker,
            GateRequest.FromCheckpoint spec) {
        this.tts = tts;
        this.vocoder = vocoder;
        this.synthesizer = synthesizer;
        this.speaker = speaker;
        this.spec = spec;
    }

    /**
     * Loads the checkpoint in {@code folder}.
     *
     * @param drift the normalizer drift reported (empty: none; then the vocabulary's own normalizer is the current profile)
     * @param normalizer the current profile's normalizer, applied first when there is drift
     */
    static CheckpointVoice open(Path folder, GateRequest.FromCheckpoint spec, GateRequest request, List<String> drift,
            AmharicNormalizer normalizer, EventSink events) throws FidelException {
        TtsCheckpoint tts = TtsCheckpoints.load(folder, check(spec, request), events);
        try {
            MelConfig mel = tts.identity().mel();
            Vocoder vocoder = GriffinLim.defaults(mel);
            SpeakerReferences references = new SpeakerReferences(mel, tts.codec()::normalize,
                    spec.referenceFrames() > 0 ? spec.referenceFrames() : tts.identity().referenceFrames());
            SpeakerReferences.Reference speaker = references.of(speakerClip(spec, request.sentences().data()));
            // Greedy, so a checkpoint's figure does not depend on a draw; at most 8 codes per character (~2x the corpus).
            SynthesisSettings synthesis = SynthesisSettings.defaults(SamplingSettings.greedy(tts.identity().model().maxCodeTokens()))
                    .withMaxCodesPerCharacter(8);
            // Sentences arrive normalized by the current profile: under the checkpoint's own profile they are segmented as
            // they are; after a reported drift the vocabulary's normalizer goes over them (it finds little to change).
            boolean sameProfile = tts.identity().normalizer().sha256().equals(normalizer.profile().sha256());
            Synthesizer synthesizer = new Synthesizer(tts.model(), tts.parameters(), tts.manager(), tts.codec(), sameProfile
                    ? tts.vocabulary()::segmentNormalized : tts.vocabulary()::segment, vocoder, synthesis);
            return new CheckpointVoice(tts, vocoder, synthesizer, speaker, spec);
        } catch (FidelException | RuntimeException e) {
            tts.close();
            throw e;
        }
    }

    /** The checkpoint must have been trained with {@code spec.vocabulary()} when it is set (same identity, not just size). */
    private static CheckpointCheck check(GateRequest.FromCheckpoint spec, GateRequest request) throws FidelException {
        if (spec.vocabulary() == null) {
            return CheckpointCheck.none();
        }
        try (Vocabulary vocabulary = Vocabulary.load(spec.vocabulary(), request.normalizerProfile())) {
            return CheckpointCheck.none().vocabulary(vocabulary.identity(), vocabulary.size(), "vocabulary");
        }
    }

    private static Path speakerClip(GateRequest.FromCheckpoint spec, Path data) throws FidelException {
        if (spec.speakerReference() != null) {
            return spec.speakerReference();
        }
        Path train = data.resolve("train.jsonl");
        List<Utterance> utterances = PreparedSplit.utterances(train, Recording.SETTING);
        if (utterances.isEmpty()) {
            throw new FidelException(train + " is empty: set speakerReference to a recording of the voice", "speakerReference", null);
        }
        return train.toAbsolutePath().getParent().resolve(utterances.get(0).audio());
    }

    MelConfig melConfig() {
        return tts.identity().mel();
    }

    String normalizerSha256() {
        return tts.identity().normalizer().sha256();
    }

    /** Real audio through the codec's codes and the vocoder: the best a model of this codec could sound. */
    UnaryOperator<float[]> codecPath() {
        return RoundTrip.codecPath(tts.codec(), vocoder);
    }

    /** What spoke, for the report. */
    Map<String, String> identity() {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("kind", "checkpoint");
        identity.put("checkpoint", tts.folder().toString());
        identity.put("checkpointStep", String.valueOf(tts.step()));
        identity.put("speakerSha256", speaker.sha256());
        identity.put("seed", String.valueOf(spec.seed()));
        return identity;
    }

    /** What {@link #speak} gives: a clip per sentence and whether the model ended every segment itself. */
    record Spoken(List<Clip> clips, List<Boolean> stopped) {
    }

    /**
     * Speaks each sentence into {@code audioFolder/<id>.wav}, {@link #BATCH} sentences generated at a time in one batch
     * (greedy: a sentence's codes do not depend on the others in its batch, {@link Synthesizer}).
     */
    Spoken speak(List<GateSentence> sentences, OwnedFolder owned, EventSink events) throws FidelException {
        Path audioFolder = owned.directory().resolve(RoundTrip.AUDIO_FOLDER);
        List<Clip> clips = new ArrayList<>();
        List<Boolean> stopped = new ArrayList<>();
        try {
            owned.folder(RoundTrip.AUDIO_FOLDER);
            for (int from = 0; from < sentences.size(); from += BATCH) {
                List<GateSentence> batch = sentences.subList(from, Math.min(sentences.size(), from + BATCH));
                List<Synthesis> spoken = synthesizer.synthesize(batch.stream().map(GateSentence::normalizedText).toList(), speaker, spec.seed(), BATCH);
                for (int i = 0; i < batch.size(); i++) {
                    GateSentence s = batch.get(i);
                    Synthesis synthesis = spoken.get(i);
                    String entry = RoundTrip.AUDIO_FOLDER + "/" + s.id() + ".wav";
                    owned.write(entry, synthesis.wavBytes());
                    Path wav = owned.directory().resolve(entry);
                    clips.add(Clip.of(wav, synthesis.pcm16(), synthesis.sampleRate(), s.normalizedText().codePointCount(0,
                            s.normalizedText().length())));
                    stopped.add(synthesis.segments().stream().allMatch(Synthesis.SegmentResult::stopped));
                    events.progress("synthesis", from + i + 1, sentences.size(),
                            String.format(Locale.ROOT, "%.1f s of audio", synthesis.seconds()));
                }
            }
        } catch (IOException e) {
            throw new FidelException("cannot write the synthesized audio into " + audioFolder + ": " + e.getMessage(), "outputDirectory", e);
        }
        return new Spoken(clips, stopped);
    }

    @Override
    public void close() {
        tts.close();
    }
}
