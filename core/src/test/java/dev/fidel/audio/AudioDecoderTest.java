package dev.fidel.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AudioDecoderTest {

    @TempDir
    Path dir;

    private final AudioDecoder decoder = new AudioDecoder(22050);

    @ParameterizedTest
    @ValueSource(strings = {"tone-stereo-44k.flac", "tone.mp3", "tone.ogg", "tone.opus"})
    void decodesCompressedFormatsToOneSecondOfMonoAt22050(String name) throws Exception {
        DecodedAudio audio = decoder.decode(TestAudio.resource(name, dir));
        assertEquals(22050, audio.sampleRate());
        assertEquals(1.0, audio.duration(), 0.06, name + " lasts about a second");
        assertTrue(AudioLevels.of(audio.samples(), 22050).peakFrameDb() > -30, name + " is audible (FFmpeg's sine is at 1/8 of full scale)");
    }

    @Test
    void downmixesAndResamplesAStereo44kWav() throws Exception {
        short[] left = TestAudio.tone(2.0, 44100, 440, 0.5);
        Path wav = TestAudio.wav(dir.resolve("stereo.wav"), 44100, left, left);
        DecodedAudio audio = decoder.decode(wav);
        assertEquals(2, audio.sourceChannels());
        assertEquals(44100, audio.sourceSampleRate());
        assertEquals(2.0, audio.duration(), 0.01);
        int peak = 0;
        for (short s : audio.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertTrue(peak > 0.3 * 32767 && peak < 0.6 * 32767, "the downmix keeps the level, peak " + peak);
    }

    @Test
    void aMonoWavAtTheTargetRateComesBackSampleForSample() throws Exception {
        short[] tone = TestAudio.tone(0.5, 22050, 300, 0.4);
        DecodedAudio audio = decoder.decode(TestAudio.wav(dir.resolve("mono.wav"), 22050, tone));
        assertTrue(Arrays.equals(tone, audio.samples()));
    }

    @Test
    void aTruncatedWavIsReportedAsTruncated() throws Exception {
        Path full = TestAudio.wav(dir.resolve("full.wav"), 22050, TestAudio.tone(1.0, 22050, 300, 0.4));
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(full), 10_000));
        AudioException e = assertThrows(AudioException.class, () -> decoder.decode(cut));
        assertTrue(e.truncated());
        assertTrue(e.getMessage().contains("44100 bytes") && e.getMessage().contains("9956"), e.getMessage());
    }

    @Test
    void aFlacCutShortIsTruncatedAgainstItsHeader() throws Exception {
        byte[] flac = Files.readAllBytes(TestAudio.resource("tone-stereo-44k.flac", dir));
        Path cut = Files.write(dir.resolve("cut.flac"), Arrays.copyOf(flac, flac.length / 2));
        AudioException e = assertThrows(AudioException.class, () -> decoder.decode(cut));
        assertTrue(e.truncated());
        assertTrue(e.getMessage().endsWith("of the 1.00 s its header announces"), e.getMessage());
    }

    @Test
    void emptyAndGarbageFilesAreUnreadableInWords() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        AudioException e = assertThrows(AudioException.class, () -> decoder.decode(empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        byte[] junk = new byte[3000];
        new java.util.Random(1).nextBytes(junk);
        Path garbage = Files.write(dir.resolve("junk.ogg"), junk);
        AudioException g = assertThrows(AudioException.class, () -> decoder.decode(garbage));
        assertFalse(g.truncated());
        assertTrue(g.getMessage().startsWith("FFmpeg cannot decode it"), g.getMessage());
        assertFalse(g.getMessage().contains("setFormat"), "JavaCV's hints are dropped: " + g.getMessage());
    }

    @Test
    void cutKeepsTheSamplesBetweenTwoTimes() {
        short[] s = new short[22050];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) i;
        }
        DecodedAudio audio = new DecodedAudio(s, 22050, 1, 22050, "pcm");
        DecodedAudio cut = audio.cut(0.5, Double.POSITIVE_INFINITY);
        assertEquals(11025, cut.samples().length);
        assertEquals(11025, cut.samples()[0]);
    }
}
