package dev.fidel.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fidel.recognition.CtcTrainingReport;
import dev.fidel.recognition.TempoPerturbation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How much to trust the built-in listener: its own figures on held-out real recordings (spoken-form CER, WER, CER
 * ignoring spaces), overall and per speaker, with what its training did. Written beside the recognizer as
 * {@value #FILE_NAME} when it is trained; the round-trip report names the file ({@code inputs.listenerReport}).
 *
 * @param heldOut every held-out recording (validation, then test)
 * @param perSpeaker the same per speaker of the corpus (the manifest's {@code speaker}; "unknown" when it has none)
 * @param training steps, seconds, whether the safety limit cut it short
 * @param tempo the speaking-rate perturbation it was trained with
 * @param characters the size of its inventory (characters it can write)
 */
public record ListenerReport(
        @JsonProperty("heldOut") Figures heldOut,
        @JsonProperty("perSpeaker") Map<String, Figures> perSpeaker,
        @JsonProperty("training") CtcTrainingReport training,
        @JsonProperty("tempo") TempoPerturbation tempo,
        @JsonProperty("characters") int characters) {

    public static final String FILE_NAME = "listener.json";

    static ListenerReport of(List<Recording> recordings, List<SentenceResult> results, CtcTrainingReport training,
            TempoPerturbation tempo, int characters) {
        Map<String, List<SentenceResult>> bySpeaker = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            String speaker = recordings.get(i).utterance().speaker();
            bySpeaker.computeIfAbsent(speaker == null || speaker.isBlank() ? "unknown" : speaker, k -> new java.util.ArrayList<>())
                    .add(results.get(i));
        }
        Map<String, Figures> perSpeaker = bySpeaker.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Figures.of(e.getValue(), r -> true), (a, b) -> a, TreeMap::new));
        return new ListenerReport(Figures.of(results, r -> true), perSpeaker, training, tempo, characters);
    }
}
