package dev.fidel.recognition;

import dev.fidel.audio.MelConfig;
import dev.fidel.audio.WavWriter;
import dev.fidel.data.Utterance;
import dev.fidel.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny prepared data for recognizer and gate tests: "ሰላም" as a 300 Hz tone of speaker a, "ቡና" as 900 Hz of speaker b. */
public final class TestSplits {

    public static final MelConfig MEL = MelConfig.defaults();

    private TestSplits() {
    }

    /** Writes {@code name.jsonl} with {@code count} half-second recordings under {@code data/audio}. */
    public static void split(Path data, String name, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = i % 2 == 0 ? "ሰላም" : "ቡና";
            double hz = i % 2 == 0 ? 300 : 900;
            short[] pcm = new short[MEL.sampleRate() / 2];
            for (int s = 0; s < pcm.length; s++) {
                pcm[s] = (short) (6000 * Math.sin(2 * Math.PI * hz * s / MEL.sampleRate()));
            }
            String audio = "audio/" + name + i + ".wav";
            WavWriter.write(data.resolve(audio), pcm, MEL.sampleRate());
            lines.add(Json.line(new Utterance(name + i, i % 2 == 0 ? "speaker-a" : "speaker-b", audio, 0.5, text, text)));
        }
        Files.write(data.resolve(name + ".jsonl"), lines);
    }

    /** Prepared data of 8 training, 2 validation and 2 test recordings in {@code dir/data}. */
    public static Path data(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/audio")).getParent();
        split(data, "train", 8);
        split(data, "val", 2);
        split(data, "test", 2);
        return data;
    }
}
