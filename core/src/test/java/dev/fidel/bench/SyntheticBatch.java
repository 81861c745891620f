package dev.fidel.bench;

import dev.fidel.model.GptConfig;
import dev.fidel.model.TtsExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the training benches step on: a preset shaped like the sample corpus (241 text pieces, 256 codes)
 * and a batch of examples of ~25 text tokens and {@code codeCount} codes with a silent 64-frame reference.
 */
final class SyntheticBatch {

    private SyntheticBatch() {
    }

    static GptConfig preset(String name) {
        return name.equals("small") ? GptConfig.small(241, 256) : GptConfig.nano(241, 256);
    }

    static List<TtsExample> examples(int batchSize, int codeCount) {
        Random random = new Random(1);
        List<TtsExample> examples = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            examples.add(new TtsExample("b" + i, new float[64][80], random.ints(25, 0, 241).toArray(),
                    random.ints(codeCount, 0, 256).toArray()));
        }
        return examples;
    }
}
