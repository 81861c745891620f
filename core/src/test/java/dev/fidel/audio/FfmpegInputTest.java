package dev.fidel.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AudioDecoder} reads through {@link FfmpegInput} (FFmpeg's libraries called directly) the samples JavaCV's
 * {@code FFmpegFrameGrabber} gave it before, to the sample: FLAC stereo at 44.1 kHz, MP3, Ogg Vorbis, Opus, WAV at
 * another rate, and the sample corpus's Opus clips (where present), resampled to two rates.
 */
class FfmpegInputTest {

    @TempDir
    Path tmp;

    /** The whole file through JavaCV's grabber, as AudioDecoder read it up to now. */
    private static DecodedAudio grabbed(Path file, int rate) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int channels = g.getAudioChannels();
            int sourceRate = g.getSampleRate();
            String codec = g.getAudioCodecName();
            g.setAudioChannels(1);
            g.setSampleRate(rate);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            short[] out = new short[0];
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples != null) {
                    ShortBuffer b = (ShortBuffer) f.samples[0];
                    int n = out.length;
                    out = Arrays.copyOf(out, n + b.remaining());
                    b.get(out, n, b.remaining());
                }
            }
            return new DecodedAudio(out, rate, channels, sourceRate, codec);
        }
    }

    private List<Path> files() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : new String[] {"tone-stereo-44k.flac", "tone.mp3", "tone.ogg", "tone.opus"}) {
            files.add(TestAudio.resource(name, tmp));
        }
        files.add(TestAudio.wav(tmp.resolve("tone-16k.wav"), 16000, TestAudio.tone(0.8, 16000, 330, 0.5)));
        // What prepare-data and the gate write (WavWriter), at both rates, over the whole 16-bit range: AudioDecoder reads
        // such a file at its own rate without FFmpeg, and must give what FFmpeg gives.
        java.util.Random random = new java.util.Random(7);
        for (int rate : new int[] {22050, 16000}) {
            short[] noise = new short[rate + 1];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (short) (i % 500 == 0 ? (i % 1000 == 0 ? Short.MIN_VALUE : Short.MAX_VALUE) : random.nextInt(65536) - 32768);
            }
            Path written = tmp.resolve("written-" + rate + ".wav");
            WavWriter.write(written, noise, rate);
            files.add(written);
        }
        Path clips = Path.of("..", "sample-project", "corpus", "clips");
        if (Files.isDirectory(clips)) {
            try (Stream<Path> s = Files.list(clips)) {
                s.sorted().limit(40).forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void decodesTheSamplesJavaCvsGrabberDecoded() throws Exception {
        List<Path> files = files();
        for (int rate : new int[] {22050, 16000}) {
            AudioDecoder decoder = new AudioDecoder(rate);
            for (Path file : files) {
                DecodedAudio expected = grabbed(file, rate);
                DecodedAudio actual = decoder.decode(file);
                assertTrue(expected.samples().length > 0, file.toString());
                assertArrayEquals(expected.samples(), actual.samples(), file + " at " + rate + " Hz");
                assertEquals(expected.sourceChannels(), actual.sourceChannels(), file.toString());
                assertEquals(expected.sourceSampleRate(), actual.sourceSampleRate(), file.toString());
                assertEquals(expected.codec(), actual.codec(), file.toString());
                DecodedAudio throughFfmpeg = decoder.ffmpeg(file);
                assertArrayEquals(throughFfmpeg.samples(), actual.samples(), file + " at " + rate + " Hz, read without FFmpeg");
                assertEquals(throughFfmpeg.codec(), actual.codec(), file.toString());
            }
        }
    }

    @Test
    void aFileFfmpegCannotOpenIsNamedInFfmpegsWords() throws Exception {
        Path junk = Files.writeString(tmp.resolve("notes.wav"), "these are not samples, only words ".repeat(20));
        AudioException e = org.junit.jupiter.api.Assertions.assertThrows(AudioException.class, () -> new AudioDecoder(22050).decode(junk));
        assertTrue(e.getMessage().startsWith("FFmpeg cannot decode it: avformat_open_input failed: Invalid data found when processing input"
                + " (FFmpeg error -"), e.getMessage());
    }
}
