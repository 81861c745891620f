package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fidel.audio.TestAudio;
import dev.fidel.event.EventSink;
import dev.fidel.text.AmharicNormalizer;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.util.Json;
import dev.fidel.util.OwnedFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare-data's training lists for XTTS (Coqui's coqui formatter) and IndexTTS2 (community preprocess). */
class PeerTrainingListsTest {

    private static final String[] WORDS = {"ሰላም", "ለዓለም", "ቡና", "እንጠጣ", "ዛሬ", "ዝናብ", "ይዘንባል", "መጽሐፉን", "አነበብኩ", "ውሃ"};

    @TempDir
    Path tmp;

    private static List<Utterance> read(Path jsonl) throws IOException {
        List<Utterance> list = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            list.add(Json.LINE.readValue(line, Utterance.class));
        }
        return list;
    }

    @Test
    void listsHoldEachSplitWithNormalizedTextAndPathsThatMoveWithTheFolder() throws Exception {
        Path corpus = tmp.resolve("corpus");
        for (int i = 0; i < 60; i++) {
            String speaker = i % 3 == 0 ? "amina" : "dawit";
            // a number: the normalizer writes it out, so the lists must carry the normalized text
            String text = WORDS[i % WORDS.length] + " " + (i + 2) + " " + WORDS[(i * 7 + 3) % WORDS.length];
            TestAudio.wav(corpus.resolve(speaker + "/u" + i + ".wav"), 16000, TestAudio.tone(1.2, 16000, 150 + 5 * i, 0.3));
            Files.writeString(corpus.resolve(speaker + "/u" + i + ".txt"), text);
        }
        Path out = tmp.resolve("data");
        new PrepareData().run(new PrepareDataRequest(corpus, out, 22050, QualityLimits.defaults(), 0.2, false, 2), EventSink.NONE);
        List<Utterance> train = read(out.resolve("train.jsonl"));
        List<Utterance> val = read(out.resolve("val.jsonl"));
        assertTrue(!train.isEmpty() && !val.isEmpty(), train.size() + " / " + val.size());

        Files.createDirectories(tmp.resolve("elsewhere"));
        Path moved = Files.move(out, tmp.resolve("elsewhere/data-copy")); // relative paths: the folder can move
        checkCsv(moved, PeerTrainingLists.XTTS_TRAIN, train);
        checkCsv(moved, PeerTrainingLists.XTTS_EVAL, val);
        checkJsonl(moved, PeerTrainingLists.INDEXTTS2_TRAIN, train);
        checkJsonl(moved, PeerTrainingLists.INDEXTTS2_VAL, val);

        Set<String> owned = OwnedFolder.read(moved, "outputDirectory").entries().keySet();
        for (String name : List.of(PeerTrainingLists.XTTS_TRAIN, PeerTrainingLists.XTTS_EVAL, PeerTrainingLists.INDEXTTS2_TRAIN,
                PeerTrainingLists.INDEXTTS2_VAL)) {
            assertTrue(owned.contains(name), name + " is listed in the ownership marker");
        }
    }

    private static void checkCsv(Path folder, String name, List<Utterance> split) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve(name), StandardCharsets.UTF_8);
        assertEquals(PeerTrainingLists.XTTS_HEADER, lines.get(0), "the coqui formatter's header");
        assertEquals(split.size() + 1, lines.size());
        AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());
        for (int i = 0; i < split.size(); i++) {
            Utterance u = split.get(i);
            String[] columns = lines.get(i + 1).split("\\|", -1);
            assertEquals(3, columns.length, lines.get(i + 1));
            assertEquals(u.audio(), columns[0]);
            assertTrue(Files.isRegularFile(folder.resolve(columns[0])), columns[0] + " resolves against the list's folder");
            assertEquals(normalizer.normalize(u.text()), columns[1], "normalized text");
            assertNotEquals(u.text(), columns[1], "the number is written out");
            assertTrue(columns[1].chars().noneMatch(Character::isDigit), columns[1]);
            assertEquals(u.speaker(), columns[2]);
        }
    }

    private static void checkJsonl(Path folder, String name, List<Utterance> split) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve(name), StandardCharsets.UTF_8);
        assertEquals(split.size(), lines.size());
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < split.size(); i++) {
            JsonNode n = mapper.readTree(lines.get(i));
            Utterance u = split.get(i);
            assertEquals(u.id(), n.get("id").asText());
            assertEquals(u.normalizedText(), n.get("text").asText());
            assertEquals(u.speaker(), n.get("speaker").asText());
            assertEquals("am", n.get("language").asText());
            assertEquals(u.duration(), n.get("duration").asDouble());
            assertTrue(Files.isRegularFile(folder.resolve(n.get("audio").asText())));
            assertTrue(!Path.of(n.get("audio").asText()).isAbsolute());
        }
    }

    /** Python's csv module with the pipe as separator reads fields as pandas' read_csv(sep="|") does. */
    @Test
    void pythonsCsvReaderGetsTheFieldsBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        List<Utterance> train = List.of(new Utterance("a", "amina", "audio/a.wav", 1.5, "x", "ሰላም | ዓለም"),
                new Utterance("b", "da\"wit", "audio/b.wav", 2.0, "y", "\"ጥቅስ\" ነው"));
        PeerTrainingLists.write(tmp, java.util.Map.of(DataSplit.TRAIN, train, DataSplit.VAL, List.of(), DataSplit.TEST, List.of()));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import csv, sys\n"
                + "for row in csv.DictReader(open(sys.argv[1], encoding='utf-8', newline=''), delimiter='|'):\n"
                + "    print(row['audio_file'] + '\\t' + row['text'] + '\\t' + row['speaker_name'])\n",
                tmp.resolve(PeerTrainingLists.XTTS_TRAIN).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of("audio/a.wav\tሰላም | ዓለም\tamina", "audio/b.wav\t\"ጥቅስ\" ነው\tda\"wit"), out.lines().toList());
    }

    @Test
    void aFieldWithTheSeparatorOrAQuoteIsQuotedAsCsvReadersExpect() {
        assertEquals("ሰላም ለዓለም", PeerTrainingLists.field("ሰላም ለዓለም"));
        assertEquals("\"a|b\"", PeerTrainingLists.field("a|b"));
        assertEquals("\"say \"\"hi\"\"\"", PeerTrainingLists.field("say \"hi\""));
    }
}
