package dev.fidel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LrcLyricsTest {

    @Test
    void eachTimedLineLastsUntilTheNextTimestamp() throws Exception {
        List<LrcLyrics.Segment> s = LrcLyrics.parse("""
                [ar:someone]
                [ti:a song]
                [00:01.50]ሰላም ለዓለም
                [00:04.25]እንኳን ደህና መጣህ
                [00:07.00]
                [00:09.10]ቡና እንጠጣ
                """);
        assertEquals(3, s.size());
        assertEquals(new LrcLyrics.Segment(1.5, 4.25, "ሰላም ለዓለም", 3), s.get(0));
        assertEquals(new LrcLyrics.Segment(4.25, 7.0, "እንኳን ደህና መጣህ", 4), s.get(1), "an empty timed line ends the one before");
        assertEquals(9.1, s.get(2).start(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, s.get(2).end(), "the last line runs to the end of the audio");
    }

    @Test
    void repeatedTimestampsAndOffsetAreHonoured() throws Exception {
        List<LrcLyrics.Segment> s = LrcLyrics.parse("[offset:+500]\n[00:10.00][00:02.00]ዝማሬ\n[00:05:00]ቃል\n");
        assertEquals(List.of(1.5, 4.5, 9.5), s.stream().map(LrcLyrics.Segment::start).toList());
        assertEquals(List.of("ዝማሬ", "ቃል", "ዝማሬ"), s.stream().map(LrcLyrics.Segment::text).toList());
        assertEquals(4.5, s.get(0).end(), 1e-9);
    }

    @Test
    void textWithoutTimestampsHasNoSegments() throws Exception {
        assertTrue(LrcLyrics.parse("just words\nno times").isEmpty());
        assertEquals("song-007", LrcLyrics.id("song", 6));
    }
}
