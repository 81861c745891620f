package dev.fidel.recognition.whisper;

import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process that runs whisper.cpp, so that a crash in native code ends this process and not
 * the build. Started by {@link WhisperProcess}; uses only the JDK and whisper-jni.
 *
 * <p>Arguments: model file, language, threads, audio file ({@link WhisperProcess#writeAudio}), output
 * file. Writes the transcripts as a JSON array of strings to the output file and exits 0. Exits
 * {@value #LOAD_FAILED} when whisper.cpp refuses the model and {@value #DECODE_FAILED} when it fails on
 * audio; native crashes end it by a signal.
 */
public final class WhisperChild {

    static final int LOAD_FAILED = 2;
    static final int DECODE_FAILED = 3;

    private WhisperChild() {}

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        String language = args[1];
        int threads = Integer.parseInt(args[2]);
        List<float[]> clips = readAudio(Path.of(args[3]));
        Path output = Path.of(args[4]);

        WhisperJNI.loadLibrary(message -> { });
        WhisperJNI whisper = new WhisperJNI();
        WhisperContext context = whisper.init(model);
        if (context == null) {
            System.err.println("whisper.cpp could not load the model " + model);
            System.exit(LOAD_FAILED);
        }
        List<String> transcripts = new ArrayList<>();
        try {
            for (int i = 0; i < clips.size(); i++) {
                WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
                params.language = language;
                params.translate = false;
                params.detectLanguage = false;
                params.nThreads = threads;
                params.noTimestamps = true;
                params.printProgress = false;
                params.printRealtime = false;
                params.printTimestamps = false;
                params.printSpecial = false;
                float[] samples = clips.get(i);
                int status = whisper.full(context, params, samples, samples.length);
                if (status != 0) {
                    System.err.println("whisper.cpp failed on clip " + i + " with status " + status);
                    System.exit(DECODE_FAILED);
                }
                StringBuilder text = new StringBuilder();
                int segments = whisper.fullNSegments(context);
                for (int s = 0; s < segments; s++) {
                    text.append(whisper.fullGetSegmentText(context, s));
                }
                transcripts.add(text.toString().strip());
            }
        } finally {
            context.close();
        }
        Files.writeString(output, toJson(transcripts), StandardCharsets.UTF_8);
    }

    static List<float[]> readAudio(Path file) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int count = data.getInt();
        List<float[]> clips = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] samples = new float[data.getInt()];
            data.asFloatBuffer().get(samples);
            data.position(data.position() + 4 * samples.length);
            clips.add(samples);
        }
        return clips;
    }

    /** A JSON array of strings, without a JSON library on the child's class path. */
    static String toJson(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"');
            for (char c : values.get(i).toCharArray()) {
                switch (c) {
                    case '"': json.append("\\\""); break;
                    case '\\': json.append("\\\\"); break;
                    case '\n': json.append("\\n"); break;
                    case '\r': json.append("\\r"); break;
                    case '\t': json.append("\\t"); break;
                    default:
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }
}
