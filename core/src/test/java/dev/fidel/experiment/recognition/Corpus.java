package dev.fidel.experiment.recognition;

import dev.fidel.audio.MelSpectrogram;
import dev.fidel.recognition.LabelledMel;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** The experiment corpus: {@code metadata.tsv} (id, voice, wav path, text) and 16-bit PCM WAVs. */
final class Corpus {

    record Entry(String id, String voice, Path wav, String text) {
    }

    private Corpus() {
    }

    static List<Entry> entries(Path root) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("metadata.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length >= 4) {
                out.add(new Entry(f[0], f[1], root.resolve(f[2]), f[3]));
            }
        }
        return out;
    }

    /** Mono samples in [-1, 1] of a 16-bit PCM WAV (channels averaged). */
    static float[] readWav(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new File(wav.toString()))) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException(wav + ": expected 16-bit signed PCM, found " + f);
            }
            byte[] bytes = in.readAllBytes();
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int channels = f.getChannels();
            float[] out = new float[bytes.length / 2 / channels];
            for (int i = 0; i < out.length; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += buffer.getShort() / 32768f;
                }
                out[i] = sum / channels;
            }
            return out;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + ": not a WAV file javax.sound can read", e);
        }
    }

    /** Log-mels of every entry, computed on {@code threads} threads, texts passed through {@code canonical}. */
    static List<LabelledMel> mels(List<Entry> entries, MelSpectrogram spectrogram, UnaryOperator<String> canonical, int threads)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LabelledMel>> futures = new ArrayList<>();
            for (Entry e : entries) {
                futures.add(pool.submit(() -> new LabelledMel(e.id(), spectrogram.compute(readWav(e.wav())), canonical.apply(e.text()))));
            }
            List<LabelledMel> out = new ArrayList<>();
            for (Future<LabelledMel> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IOException("computing mels: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }
}
