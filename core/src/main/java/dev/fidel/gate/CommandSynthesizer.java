package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's own voice as an external program ({@link GateRequest.FromCommand}): called once per sentence or once
 * for all (see {@link Placeholders}), each clip expected at {@code audio/<id>.wav}. Its stdout and stderr stay in
 * {@code synthesizer-logs/} beside the report.
 */
final class CommandSynthesizer {

    /** Folder of the report directory holding the program's output, text files and the batch's JSONL. */
    static final String LOG_FOLDER = "synthesizer-logs";

    private final GateRequest.FromCommand command;
    private final Path audioFolder;
    private final Path logFolder;
    private final Path workingDirectory;
    private final EventSink events;

    private final OwnedFolder owned;

    CommandSynthesizer(GateRequest.FromCommand command, OwnedFolder owned, EventSink events) {
        Path outputDirectory = owned.directory();
        this.owned = owned;
        this.command = command;
        this.audioFolder = outputDirectory.resolve(RoundTrip.AUDIO_FOLDER).toAbsolutePath();
        this.logFolder = outputDirectory.resolve(LOG_FOLDER).toAbsolutePath();
        this.workingDirectory = command.workingDirectory() != null ? command.workingDirectory() : outputDirectory;
        this.events = events;
    }

    /** Runs the program for {@code sentences}; each clip is read at {@code sampleRate} and inspected. */
    List<Clip> speak(List<GateSentence> sentences, int sampleRate) throws FidelException {
        Placeholders.Form form = Placeholders.form(command.arguments());
        try {
            for (GateSentence s : sentences) {
                // An earlier run's clip must not be judged as this run's; a clip Fidel did not write is refused, never deleted.
                owned.discard(audioEntry(s));
            }
            for (String log : logEntries(sentences, form)) {
                owned.discard(log);
            }
            // After the discards, which remove a folder they leave empty.
            owned.folder(RoundTrip.AUDIO_FOLDER);
            owned.folder(LOG_FOLDER);
        } catch (IOException e) {
            throw new FidelException("cannot prepare " + audioFolder + " for the command synthesizer: " + e.getMessage(),
                    "outputDirectory", e);
        }
        if (form == Placeholders.Form.BATCH) {
            batch(sentences);
        } else {
            for (int i = 0; i < sentences.size(); i++) {
                one(sentences.get(i));
                events.progress("synthesis", i + 1, sentences.size(), sentences.get(i).id());
            }
        }
        try {
            // What the program wrote is Fidel's output now: listed with its SHA-256, so a later run may replace it.
            for (GateSentence s : sentences) {
                if (Files.isRegularFile(wav(s), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    owned.recorded(audioEntry(s));
                }
            }
            for (String log : logEntries(sentences, form)) {
                if (Files.isRegularFile(owned.directory().resolve(log), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    owned.recorded(log);
                }
            }
        } catch (IOException e) {
            throw new FidelException("cannot record the clips in " + audioFolder + ": " + e.getMessage(), "outputDirectory", e);
        }
        List<Clip> clips = new ArrayList<>();
        for (GateSentence s : sentences) {
            clips.add(Clip.read(wav(s), sampleRate, s.normalizedText().codePointCount(0, s.normalizedText().length())));
        }
        return clips;
    }

    private static String audioEntry(GateSentence s) {
        return RoundTrip.AUDIO_FOLDER + "/" + s.id() + ".wav";
    }

    /** The files this run writes into the log folder: the text files and each call's stdout and stderr. */
    private static List<String> logEntries(List<GateSentence> sentences, Placeholders.Form form) {
        List<String> names = new ArrayList<>();
        if (form == Placeholders.Form.BATCH) {
            names.add("sentences.jsonl");
            names.add("batch" + ExternalProgram.STDOUT);
            names.add("batch" + ExternalProgram.STDERR);
        } else {
            for (GateSentence s : sentences) {
                names.add(s.id() + ".txt");
                names.add(s.id() + ExternalProgram.STDOUT);
                names.add(s.id() + ExternalProgram.STDERR);
            }
        }
        return names.stream().map(n -> LOG_FOLDER + "/" + n).toList();
    }

    private Path wav(GateSentence s) {
        return audioFolder.resolve(s.id() + ".wav");
    }

    private void one(GateSentence s) throws FidelException {
        Path textFile = logFolder.resolve(s.id() + ".txt");
        write(textFile, s.text());
        Map<String, String> values = Map.of(Placeholders.TEXT, s.text(), Placeholders.NORMALIZED_TEXT, s.normalizedText(),
                Placeholders.TEXT_FILE, textFile.toString(), Placeholders.ID, s.id(), Placeholders.WAV, wav(s).toString());
        ExternalProgram.run(Placeholders.expand(command.arguments(), values), workingDirectory, command.environment(),
                command.timeoutSeconds(), logFolder.resolve(s.id()), "the command synthesizer for sentence " + s.id());
    }

    private void batch(List<GateSentence> sentences) throws FidelException {
        StringBuilder jsonl = new StringBuilder();
        for (GateSentence s : sentences) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("id", s.id());
            line.put("text", s.text());
            line.put("normalizedText", s.normalizedText());
            line.put("wav", wav(s).toString());
            jsonl.append(Json.line(line)).append('\n');
        }
        Path file = logFolder.resolve("sentences.jsonl");
        write(file, jsonl.toString());
        Map<String, String> values = Map.of(Placeholders.SENTENCES, file.toString(), Placeholders.OUTPUT_DIRECTORY,
                audioFolder.toString());
        ExternalProgram.run(Placeholders.expand(command.arguments(), values), workingDirectory, command.environment(),
                command.timeoutSeconds() * sentences.size(), logFolder.resolve("batch"),
                "the command synthesizer (batch of " + sentences.size() + " sentences)");
    }

    private static void write(Path file, String text) throws FidelException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FidelException("cannot write " + file + ": " + e.getMessage(), "outputDirectory", e);
        }
    }
}
