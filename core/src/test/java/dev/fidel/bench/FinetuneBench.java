package dev.fidel.bench;

import dev.fidel.data.PrepareData;
import dev.fidel.data.PrepareDataRequest;
import dev.fidel.data.QualityLimits;
import dev.fidel.event.EventSink;
import dev.fidel.text.NormalizerProfile;
import dev.fidel.training.Finetune;
import dev.fidel.training.FinetuneRequest;
import dev.fidel.training.FinetuneResult;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.VocabularyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code finetune} run on the sample corpus: prepare-data, train-vocab (1,000 pieces), then the
 * nano preset from scratch for a given number of steps; prints steps/s, code tokens/s and the
 * validation code loss before and after (the service logs a progress line as it goes).
 *
 * <p>Run (from the worktree root, after {@code mvn -o -pl core test-compile} and
 * {@code mvn -o -q -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core-cp.txt}):
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/core-cp.txt) \
 *   -Dai.djl.offline=true -DDJL_CACHE_DIR=$HOME/.djl.ai -Dai.djl.pytorch.num_threads=2 \
 *   dev.fidel.bench.FinetuneBench sample-project/corpus /tmp/finetune-bench 200 [minImprovement]
 * </pre>
 */
public final class FinetuneBench {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "sample-project/corpus");
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/finetune-bench");
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        float minImprovement = args.length > 3 ? Float.parseFloat(args[3]) : 0.2f;
        EventSink events = new EventSink() {
            @Override
            public void info(String message) {
                System.out.printf("%tT %s%n", System.currentTimeMillis(), message);
            }

            @Override
            public void warn(String message) {
                System.out.printf("%tT WARN %s%n", System.currentTimeMillis(), message);
            }
        };
        Path data = work.resolve("data");
        new PrepareData().run(new PrepareDataRequest(corpus, data, PrepareDataRequest.DEFAULT_SAMPLE_RATE, QualityLimits.defaults(),
                0.2, false, PrepareDataRequest.defaultThreads()), events);
        Path vocabulary = work.resolve("vocabulary");
        if (!Files.isRegularFile(vocabulary.resolve("vocabulary.model"))) {
            new VocabularyTraining(events).run(new VocabularyTraining.Request(List.of(data.resolve("train.jsonl")), List.of(), vocabulary,
                    TrainerOptions.defaults().withVocabSize(1000), null, NormalizerProfile.amharic(), false));
        }
        FinetuneRequest request = FinetuneRequest.defaults(data, vocabulary, work.resolve("checkpoints"))
                .toBuilder().maxSteps(steps).warmupSteps(Math.max(10, steps / 14)).checkpointEvery(Math.max(50, steps / 2))
                .minImprovement(minImprovement).build();
        long t0 = System.nanoTime();
        FinetuneResult r = new Finetune(events).run(request);
        System.out.printf("finetune nano: %d steps in %.1f s wall; %.2f steps/s, %.0f code tokens/s (training steps only); "
                + "validation code CE %.4f -> %.4f; checkpoint %s%n", r.steps(), (System.nanoTime() - t0) / 1e9, r.stepsPerSecond(),
                r.codeTokensPerSecond(), r.startValidationCodeCe(), r.endValidationCodeCe(), r.checkpoint());
    }
}
