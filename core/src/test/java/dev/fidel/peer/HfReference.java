package dev.fidel.peer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/**
 * The Hugging Face {@code tokenizers} library itself (Rust, through DJL's bundled natives), encoding as
 * XTTS's {@code VoiceBpeTokenizer} does: spaces written {@code [SPACE]}, no special tokens added.
 */
final class HfReference implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private HfReference(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Opens the file, or skips the test (printing why) when the library's natives do not load here. */
    static HfReference open(Path vocabJson) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        try {
            return new HfReference(HuggingFaceTokenizer.builder().optTokenizerPath(vocabJson).optAddSpecialTokens(false)
                    .optTruncation(false).optPadding(false).build());
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            System.out.println("SKIPPED Hugging Face tokenizers comparison: the library does not load here (" + e + ")");
            Assumptions.abort("the Hugging Face tokenizers natives do not load: " + e);
            throw e;
        }
    }

    int[] encode(String text) {
        return Arrays.stream(tokenizer.encode(text.replace(" ", XttsVocabulary.SPACE)).getIds()).mapToInt(l -> (int) l).toArray();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
