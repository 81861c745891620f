package dev.fidel;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.Trials;
import dev.fidel.audio.TestAudio;
import dev.fidel.data.PrepareData;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.QualityLimits;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.training.Finetune;
import dev.fidel.training.FinetuneRequest;
import dev.fidel.util.FileSnapshot;
import dev.fidel.util.Json;
import dev.fidel.util.OutputPlacement;
import dev.fidel.util.OwnedFolder;
import dev.fidel.vocabulary.TestText;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.VocabularyTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * For any corpus layout, output placement and goal, every file that is not Fidel's own output is
 * byte-identical after the goal ran (or refused), and nothing new appears outside the output folder.
 * Fidel's own output: the entries its ownership markers list. finetune is run for the placements it
 * refuses (a run that trains takes seconds; FinetuneTest covers one that writes).
 */
class OutputOwnershipPropertiesTest {

    enum Placement {
        NEW_FOLDER, THE_CORPUS, INSIDE_THE_CORPUS, A_CORPUS_SUBFOLDER, AROUND_THE_CORPUS, A_USER_FOLDER,
        EARLIER_OUTPUT, EARLIER_OUTPUT_WITH_A_USER_FILE, A_LINK_TO_THE_CORPUS
    }

    enum Goal {
        PREPARE_DATA, TRAIN_VOCAB, FINETUNE
    }

    /** The placements finetune must refuse before it writes anything (the others would train). */
    private static final java.util.Set<Placement> FINETUNE_REFUSES = java.util.EnumSet.of(Placement.THE_CORPUS,
            Placement.INSIDE_THE_CORPUS, Placement.A_CORPUS_SUBFOLDER, Placement.AROUND_THE_CORPUS, Placement.A_USER_FOLDER,
            Placement.A_LINK_TO_THE_CORPUS);

    private static final String[] TEXTS = {"ሰላም ለዓለም", "ቡና እንጠጣ", "ውሃ ጠጣሁ", "ቤት ሄድኩ", "ጤና ይስጥልኝ", "ደህና ሁኑ"};

    /** One generated case: where the output goes, which goal runs, and the corpus it runs on. */
    record Layout(Placement placement, Goal goal, int utterances, int depth, boolean userFilesInCorpus, long seed) {
    }

    /** Every layout except finetune on a placement it would train in. */
    static Trials<Layout> layouts() {
        return ANY.choose(Placement.values()).and(ANY.choose(Goal.values())).and(ANY.integers(1, 6)).and(ANY.integers(0, 2)).trials()
                .flatMap(t -> ANY.booleans().and(ANY.longs()).trials()
                        .map(u -> new Layout(t._1(), t._2(), t._3(), t._4(), u._1(), u._2())))
                .filter(c -> c.goal() != Goal.FINETUNE || FINETUNE_REFUSES.contains(c.placement()));
    }

    @Test
    void filesOutsideFidelsOwnOutputNeverChange() {
        forAll(40, layouts(), c -> check(c.placement(), c.goal(), c.utterances(), c.depth(), c.userFilesInCorpus(), c.seed()));
    }

    private static void check(Placement placement, Goal goal, int utterances, int depth, boolean userFilesInCorpus, long seed)
            throws Exception {
        Path root = Files.createTempDirectory("fidel-ownership-");
        try {
            Path corpus = corpus(root.resolve("corpus"), utterances, depth, userFilesInCorpus, new Random(seed));
            Path out = place(root, corpus, placement, goal);
            Map<String, String> userFiles = userFiles(root);
            try {
                run(goal, corpus, out);
            } catch (FidelException refused) {
                // A refusal must be the ownership check's, not some later failure that happened to write nothing; finetune
                // judges its output against the manifest files (issue 15), so for the placements that hold none of them it
                // refuses the stand-in data set's missing train.jsonl instead.
                assertEquals(goal == Goal.FINETUNE && !refused.setting().equals("outputDirectory") ? "trainManifest" : "outputDirectory",
                        refused.setting(), refused.getMessage());
            }
            Map<String, String> after = FileSnapshot.of(root);
            for (Map.Entry<String, String> f : userFiles.entrySet()) {
                assertEquals(f.getValue(), after.get(f.getKey()), f.getKey() + " changed (" + placement + ", " + goal + ")");
            }
            Path realOut = OutputPlacement.real(out);
            for (String file : after.keySet()) {
                boolean inOutput = root.resolve(file).toRealPath().startsWith(realOut);
                assertTrue(userFiles.containsKey(file) || inOutput, "new file outside the output: " + file + " (" + placement + ", "
                        + goal + ")");
            }
        } finally {
            deleteTree(root);
        }
    }

    private static Path corpus(Path corpus, int utterances, int depth, boolean userFiles, Random random) throws IOException {
        for (int i = 0; i < utterances; i++) {
            Path folder = corpus;
            for (int d = 0; d < random.nextInt(depth + 1); d++) {
                folder = folder.resolve("s" + random.nextInt(2));
            }
            TestAudio.wav(folder.resolve("u" + i + ".wav"), 16000, TestAudio.tone(1.0 + 0.1 * i, 16000, 150 + 20 * i, 0.3));
            if (random.nextBoolean()) {
                Files.writeString(folder.resolve("u" + i + ".txt"), TEXTS[i]);
            } else {
                Files.writeString(folder.resolve("u" + i + ".json"), Json.line(Map.of("text", TEXTS[i])));
            }
        }
        if (userFiles) {
            Files.writeString(corpus.resolve("manifest.json"), "{\"mine\": true}");
            Files.writeString(Files.createDirectories(corpus.resolve(".notes")).resolve("todo.md"), "re-record u3");
        }
        TestText.write(corpus.resolve("texts.txt"), TestText.lines().subList(0, 300));
        return corpus;
    }

    private static Path place(Path root, Path corpus, Placement placement, Goal goal) throws Exception {
        return switch (placement) {
            case NEW_FOLDER -> root.resolve("out");
            case THE_CORPUS -> corpus;
            case INSIDE_THE_CORPUS -> corpus.resolve("prepared");
            case A_CORPUS_SUBFOLDER -> Files.createDirectories(corpus.resolve("s0"));
            case AROUND_THE_CORPUS -> root;
            case A_USER_FOLDER -> {
                Path folder = Files.createDirectories(root.resolve("mine"));
                for (String name : List.of("manifest.json", ".fidel-fingerprint", "train.jsonl", "vocabulary.model", "latest",
                        "metrics.jsonl")) {
                    Files.writeString(folder.resolve(name), "the user's " + name);
                }
                yield folder;
            }
            case EARLIER_OUTPUT, EARLIER_OUTPUT_WITH_A_USER_FILE -> {
                Path out = root.resolve("out");
                if (goal != Goal.FINETUNE) {
                    run(goal, corpus, out);
                }
                if (placement == Placement.EARLIER_OUTPUT_WITH_A_USER_FILE) {
                    Files.createDirectories(out);
                    Files.writeString(out.resolve("listening-notes.txt"), "u2 is noisy");
                }
                yield out;
            }
            case A_LINK_TO_THE_CORPUS -> Files.createSymbolicLink(root.resolve("link"), corpus).resolve("out");
        };
    }

    private static void run(Goal goal, Path corpus, Path out) throws FidelException, IOException {
        switch (goal) {
            case PREPARE_DATA -> new PrepareData().run(new PrepareDataRequest(corpus, out, 22050, QualityLimits.defaults(), 1.0, true, 2),
                    EventSink.NONE);
            case TRAIN_VOCAB -> new VocabularyTraining(EventSink.NONE).run(new VocabularyTraining.Request(List.of(),
                    List.of(corpus.resolve("texts.txt")), out, TrainerOptions.defaults().withVocabSize(700), null,
                    NormalizerProfile.amharic(), true));
            case FINETUNE -> {
                // The corpus stands in for the data set and the vocabulary: only placements finetune refuses get here.
                new Finetune(EventSink.NONE).run(FinetuneRequest.defaults(corpus, corpus.resolve("vocabulary"), out));
                throw new AssertionError("finetune did not refuse " + out);
            }
        }
    }

    /** Every file under {@code root} that is not listed as Fidel's in an ownership marker (markers themselves are Fidel's). */
    static Map<String, String> userFiles(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>(FileSnapshot.of(root));
        List<Path> markers;
        try (Stream<Path> walk = Files.walk(root)) {
            markers = walk.filter(p -> p.getFileName().toString().equals(OwnedFolder.MARKER)).toList();
        }
        List<String> owned = new ArrayList<>();
        for (Path marker : markers) {
            OwnedFolder.Marker m = Json.read(marker, OwnedFolder.Marker.class);
            String folder = root.relativize(marker.getParent()).toString();
            String prefix = folder.isEmpty() ? "" : folder + "/";
            owned.add(prefix + OwnedFolder.MARKER);
            m.entries().keySet().forEach(e -> owned.add(prefix + e));
            if (m.scratch()) {
                owned.add(folder);
            }
        }
        all.keySet().removeIf(file -> owned.stream().anyMatch(o -> file.equals(o) || file.startsWith(o + "/")));
        return all;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
