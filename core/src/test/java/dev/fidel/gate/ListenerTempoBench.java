package dev.fidel.gate;

import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.audio.MelConfig;
import dev.fidel.data.PrepareData;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.QualityLimits;
import dev.fidel.event.ConsoleEvents;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.TempoPerturbation;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The built-in listener trained on a corpus with and without tempo perturbation, then reading espeak-ng speech of
 * sentences it never heard, at several speaking rates: prints training steps/s, held-out real CER and each voice's CER
 * (spoken form) and CER ignoring spaces for both listeners.
 *
 * <p>Usage: {@code ListenerTempoBench CORPUS_DIR WORK_DIR STEPS VALIDATED_TSV FIRST_ROW COUNT}: the listener trains
 * {@code STEPS} steps on CORPUS_DIR (prepared into WORK_DIR/data once; recognizers cached in WORK_DIR, so a second run
 * only listens); the unseen sentences are COUNT rows of VALIDATED_TSV (column 3) from FIRST_ROW on.
 */
public final class ListenerTempoBench {

    /** espeak-ng voices: the slow one of issue 18, the plain one, a fast one. */
    private static final Map<String, List<String>> VOICES = new LinkedHashMap<>();

    static {
        VOICES.put("am -s 130 -p 35 (slow)", List.of("-v", "am", "-s", "130", "-p", "35"));
        VOICES.put("am (default rate)", List.of("-v", "am"));
        VOICES.put("am+f1 -s 200 (fast)", List.of("-v", "am+f1", "-s", "200"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: ListenerTempoBench CORPUS_DIR WORK_DIR STEPS VALIDATED_TSV FIRST_ROW COUNT");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int steps = Integer.parseInt(args[2]);
        List<String> lines = Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8);
        int first = Integer.parseInt(args[4]);
        int count = Integer.parseInt(args[5]);
        EventSink console = ConsoleEvents.CONSOLE;
        Path data = work.resolve("data");
        if (!Files.isRegularFile(data.resolve("train.jsonl"))) {
            new PrepareData().run(new PrepareDataRequest(corpus, data, PrepareDataRequest.DEFAULT_SAMPLE_RATE, QualityLimits.defaults(),
                    PrepareDataRequest.DEFAULT_MAX_REJECTED_RATIO, true, 2), console);
        }
        NormalizerProfile profile = NormalizerProfile.amharic();
        AmharicNormalizer normalizer = new AmharicNormalizer(profile);
        ErrorRates rates = new ErrorRates(normalizer);
        MelConfig mel = MelConfig.defaults();
        Set<String> seen = new java.util.HashSet<>();
        for (String l : Files.readAllLines(data.resolve("train.jsonl"), StandardCharsets.UTF_8)) {
            seen.add(l);
        }
        List<GateSentence> sentences = new ArrayList<>();
        for (int i = first; i < lines.size() && sentences.size() < count; i++) {
            String text = lines.get(i).split("\t")[2];
            String normalized = normalizer.normalize(text);
            // Unseen: the text occurs nowhere in the training manifest.
            if (seen.stream().noneMatch(l -> l.contains(normalized))) {
                sentences.add(new GateSentence("u" + i, text, normalized));
            }
        }
        Map<String, List<Clip>> clips = new LinkedHashMap<>();
        AudioDecoder decoder = new AudioDecoder(mel.sampleRate());
        for (Map.Entry<String, List<String>> voice : VOICES.entrySet()) {
            List<Clip> voiced = new ArrayList<>();
            Path folder = Files.createDirectories(work.resolve("voices").resolve(voice.getKey().replaceAll("[^a-z0-9]+", "_")));
            for (GateSentence s : sentences) {
                Path wav = folder.resolve(s.id() + ".wav");
                if (!Files.isRegularFile(wav)) {
                    List<String> command = new ArrayList<>(List.of("espeak-ng"));
                    command.addAll(voice.getValue());
                    command.addAll(List.of("-w", wav.toString(), s.text()));
                    Process p = new ProcessBuilder(command).inheritIO().start();
                    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        throw new IllegalStateException("espeak-ng failed: " + command);
                    }
                }
                DecodedAudio audio = decoder.decode(wav);
                float[] samples = new float[audio.samples().length];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = audio.samples()[i] / 32768f;
                }
                voiced.add(new Clip(wav, samples, audio.duration(), null));
            }
            clips.put(voice.getKey(), voiced);
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%d unseen sentences, listener trained %d steps on %s%n",
                sentences.size(), steps, corpus));
        for (TempoPerturbation tempo : List.of(TempoPerturbation.NONE, TempoPerturbation.defaults())) {
            String name = tempo.enabled() ? String.format(Locale.ROOT, "tempo %.2f-%.2f", tempo.slowest(), tempo.fastest()) : "no tempo";
            RecognizerCache.Settings d = RecognizerCache.Settings.withBudget(steps, 7200, tempo);
            RealSpeechScoring scoring = new RealSpeechScoring(rates, tempo, console);
            RecognizerCache.Result<RealSpeechScoring.HeldOut> result = new RecognizerCache(work.resolve(tempo.enabled() ? "recognizer-tempo" : "recognizer-plain"), console)
                    .obtain(data, mel, profile.sha256(), scoring, scoring, d, 1.0, false);
            try {
                table.append(String.format(Locale.ROOT, "%-16s training %d steps in %.0f s (%.2f steps/s); held-out real CER %.3f%n", name,
                        result.training().steps(), result.training().seconds(), result.training().steps() / result.training().seconds(),
                        result.heldOut().cer()));
                RoundTrip roundTrip = new RoundTrip(result.recognizer(), rates);
                for (Map.Entry<String, List<Clip>> voice : clips.entrySet()) {
                    Figures f = Figures.of(roundTrip.score(sentences, voice.getValue(), mel.sampleRate(), Set.of(), null), r -> true);
                    table.append(String.format(Locale.ROOT, "%-16s   %-26s CER %.3f  CER ignoring spaces %.3f  WER %.3f%n", name, voice.getKey(),
                            f.cer(), f.cerIgnoringSpaces(), f.wer()));
                }
            } finally {
                result.recognizer().close();
            }
            System.out.println(table);
        }
    }
}
