package dev.fidel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fidel.audio.AudioDecoder;
import dev.fidel.audio.AudioException;
import dev.fidel.audio.DecodedAudio;
import dev.fidel.audio.TestAudio;
import dev.fidel.codec.VqMelCodec;
import dev.fidel.vocabulary.SentencePieceModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 4: a length read from a file is checked against the bytes left before anything is
 * allocated, and decoding stops at the limit. Each case was reproduced as the issue describes it; before
 * the fix each one allocated gigabytes (OutOfMemoryError) or hundreds of megabytes.
 */
class BoundedReadsTest {

    @TempDir
    Path dir;

    /** Bytes this thread allocated while {@code work} ran (HotSpot's per-thread counter). */
    private static long allocated(ThrowingRunnable work) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aNineteenByteModelCannotAskForTwoGigabytes() throws Exception {
        // Field 1 (pieces), length-delimited, declaring 2^31 - 1 bytes; then 13 bytes of anything.
        byte[] model = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
        assertEquals(19, model.length);
        Path file = Files.write(dir.resolve("vocabulary.model"), model);
        long bytes = allocated(() -> {
            IOException e = assertThrows(IOException.class, () -> SentencePieceModel.read(file));
            assertTrue(e.getMessage().contains("declares 2147483647 bytes but only 13 are left"), e.getMessage());
            assertTrue(e.getMessage().contains("vocabulary.model"), e.getMessage());
        });
        assertTrue(bytes < 16 << 20, "allocated " + bytes + " bytes");
    }

    @Test
    void aModelWhoseFieldsLieOnTheWrongWireTypeIsRefusedInWords() throws Exception {
        // Field 1 (pieces) written as a varint: the reader used to take its missing bytes for a message (NullPointerException).
        Path file = Files.write(dir.resolve("vocabulary.model"), new byte[] {0x08, 0x01});
        IOException e = assertThrows(IOException.class, () -> SentencePieceModel.read(file));
        assertTrue(e.getMessage().contains("vocabulary.model: not a SentencePiece model (pieces (field 1) has wire type 0 where 2 belongs)"),
                e.getMessage());
    }

    @Test
    void aCodecHeaderWhoseSizesOverflowIsRefusedBeforeAllocating() throws Exception {
        // mels x framesPerCode = 2^32 overflows to 0 in int arithmetic, so 2^31 - 1 empty codebook rows "fit" 512 KB.
        String header = "{\"codebookSize\":2147483647,\"format\":\"fidel-vq-mel-codec\",\"formatVersion\":1,\"framesPerCode\":65536,"
                + "\"iterations\":1,\"layout\":\"x\",\"mels\":65536,\"seed\":1,\"trainingVectors\":1}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + 4 * 2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        Path file = Files.write(dir.resolve("codec.vq"), buf.array());
        assertTrue(Files.size(file) > 512 * 1024);
        long bytes = allocated(() -> {
            FidelException e = assertThrows(FidelException.class, () -> VqMelCodec.load(file));
            assertTrue(e.getMessage().startsWith(file + ": header says 2147483647 codebook entries of 4294967296 floats and 2 x 65536"
                    + " band statistics (36.9 EB) but the file has 524,288 bytes left"), e.getMessage());
        });
        assertTrue(bytes < 64 << 20, "allocated " + bytes + " bytes");
    }

    @Test
    void aCodecHeaderAskingForTerabytesNamesWhatItAsksAndWhatIsThere() throws Exception {
        // The 512 KB file: 2^31 - 1 codebook entries of 80 x 2 floats.
        String header = "{\"codebookSize\":2147483647,\"format\":\"fidel-vq-mel-codec\",\"formatVersion\":1,\"framesPerCode\":2,"
                + "\"iterations\":1,\"layout\":\"x\",\"mels\":80,\"seed\":1,\"trainingVectors\":1}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(512 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        Path file = Files.write(dir.resolve("codec.vq"), buf.array());
        FidelException e = assertThrows(FidelException.class, () -> VqMelCodec.load(file));
        assertTrue(e.getMessage().startsWith(file + ": header says 2147483647 codebook entries of 160 floats and 2 x 80 band statistics"
                + " (1.4 TB) but the file has " + String.format(java.util.Locale.ROOT, "%,d", 512 * 1024 - 8 - json.length)
                + " bytes left"), e.getMessage());
    }

    @Test
    void decodingStopsAtTheLimitAndNeverReadsTheRest() throws Exception {
        Path wav = TestAudio.wav(dir.resolve("long.wav"), 22050, TestAudio.tone(120, 22050, 200, 0.3));
        AudioDecoder decoder = new AudioDecoder(22050);
        decoder.decode(wav, 0.5); // loads FFmpeg's classes, so they do not count below
        long[] samples = new long[1];
        long bytes = allocated(() -> {
            DecodedAudio head = decoder.decode(wav, 5.0);
            samples[0] = head.samples().length;
        });
        assertEquals(5 * 22050, samples[0], "exactly the limit");
        double[] whole = new double[1];
        long wholeBytes = allocated(() -> whole[0] = decoder.decode(wav).duration());
        assertEquals(120.0, whole[0], 0.01);
        // What decoding costs grows with what is decoded: the first 5 s cost a fraction of the two minutes.
        assertTrue(bytes < wholeBytes / 4, "allocated " + bytes + " bytes for 5 s, " + wholeBytes + " for 120 s");
    }

    @Test
    void aFileLongerThanTheLimitIsRefusedAsTooLongWithoutReadingTheRest() throws Exception {
        AudioDecoder decoder = new AudioDecoder(22050);
        Path exact = TestAudio.wav(dir.resolve("five.wav"), 22050, TestAudio.tone(5, 22050, 200, 0.3));
        assertEquals(5 * 22050, decoder.decodeAtMost(exact, 5.0).samples().length, "a file of exactly the limit is whole");
        Path wav = TestAudio.wav(dir.resolve("long.wav"), 22050, TestAudio.tone(30, 22050, 200, 0.3));
        long bytes = allocated(() -> {
            AudioException e = assertThrows(AudioException.class, () -> decoder.decodeAtMost(wav, 5.0));
            assertTrue(e.tooLong() && !e.truncated(), e.kind().toString());
            assertTrue(e.getMessage().startsWith("too long: it lasts more than the 5.00 s allowed"), e.getMessage());
        });
        long wholeBytes = allocated(() -> assertEquals(30.0, decoder.decode(wav).duration(), 0.01));
        // Decoding stopped at the limit: refusing cost a fraction of decoding the 30 s.
        assertTrue(bytes < wholeBytes / 3, "allocated " + bytes + " bytes to refuse, " + wholeBytes + " for the whole file");
    }

    @Test
    void aHeaderThatAnnouncesHoursSizesNoBufferBeyondAMinute() throws Exception {
        // A FLAC STREAMINFO claiming 2^36 - 1 samples at 8 kHz (2,386 h) and no audio frames: the old code sized its
        // first buffer from the claim (2^28 shorts, 512 MiB) before decoding anything.
        ByteBuffer flac = ByteBuffer.allocate(4 + 4 + 34);
        flac.put("fLaC".getBytes(StandardCharsets.US_ASCII));
        flac.put((byte) 0x80).put((byte) 0).put((byte) 0).put((byte) 34);         // last block, STREAMINFO, 34 bytes
        flac.putShort((short) 4096).putShort((short) 4096);                       // min/max block size
        flac.put(new byte[3]).put(new byte[3]);                                    // min/max frame size: unknown
        long sampleRate = 8000;
        long bits = (sampleRate << 44) | (0L << 41) | (15L << 36) | ((1L << 36) - 1);   // rate, 1 channel, 16 bits, total
        flac.putLong(bits);
        flac.put(new byte[16]);                                                     // MD5: unknown
        Path file = Files.write(dir.resolve("claims.flac"), flac.array());
        AudioDecoder decoder = new AudioDecoder(22050);
        for (ThrowingRunnable decode : List.<ThrowingRunnable>of(() -> decoder.decode(file, 20), () -> decoder.decodeAtMost(file, 20),
                () -> decoder.decode(file))) {
            long bytes = allocated(() -> {
                // FFmpeg opens it (so the claimed length is read) and finds no frames: refused in words.
                AudioException e = assertThrows(AudioException.class, decode::run);
                assertTrue(e.getMessage().contains("decodes no samples"), e.getMessage());
            });
            assertTrue(bytes < 64 << 20, "allocated " + bytes + " bytes for a 42-byte file");
        }
    }
}
