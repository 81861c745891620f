package dev.fidel.gate;

import dev.fidel.util.BoundedFiles;
import dev.fidel.FidelException;
import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.data.Utterance;
import dev.fidel.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real recording of a prepared split: its utterance line and its samples in [-1, 1]. */
public record Recording(Utterance utterance, float[] samples) {

    /** The utterances of a split file ({@code train.jsonl}, {@code val.jsonl}, {@code test.jsonl}). */
    public static List<Utterance> utterances(Path splitFile) throws FidelException {
        List<Utterance> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = BoundedFiles.lines(splitFile, BoundedFiles.Kind.LINES, "data");
        } catch (IOException e) {
            throw new FidelException("cannot read " + splitFile + ": " + e.getMessage() + " (run fidel:prepare-data first)", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(Json.LINE.readValue(lines.get(i), Utterance.class));
            } catch (IOException e) {
                throw new FidelException(splitFile + " line " + (i + 1) + " is not an utterance: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Reads the audio of up to {@code limit} utterances of a split (0: all), resampled to {@code sampleRate}. */
    public static List<Recording> read(Path splitFile, int sampleRate, int limit) throws FidelException {
        AudioDecoder decoder = new AudioDecoder(sampleRate);
        List<Recording> out = new ArrayList<>();
        for (Utterance u : utterances(splitFile)) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            Path audio = splitFile.toAbsolutePath().getParent().resolve(u.audio());
            try {
                short[] pcm = decoder.decode(audio).samples();
                float[] samples = new float[pcm.length];
                for (int i = 0; i < pcm.length; i++) {
                    samples[i] = pcm[i] / 32768f;
                }
                out.add(new Recording(u, samples));
            } catch (AudioException e) {
                throw new FidelException(audio + " (utterance " + u.id() + " of " + splitFile + "): " + e.getMessage(), e);
            }
        }
        return out;
    }
}
