package dev.fidel.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A finetune output folder as a run of {@code steps} leaves it: {@code metrics.jsonl}, then {@link LossCurve}'s files. */
public final class TrainingReportFixture {

    private TrainingReportFixture() {
    }

    /**
     * Writes {@code metrics.jsonl} in {@code folder} (a warm-up then decaying learning rate, a falling loss, validation every
     * ten steps) and draws {@code loss.svg} and the training report from it, as the end of a run does.
     */
    public static void write(Path folder, int steps) throws IOException {
        Files.createDirectories(folder);
        StringBuilder m = new StringBuilder();
        for (int step = 0; step <= steps; step++) {
            double ce = 4.7 * Math.exp(-step / 25.0) + 1.2;
            if (step > 0) {
                double lr = step <= 5 ? 1e-3 * step / 5 : 1e-3 * Math.pow(0.97, step - 5);
                m.append(String.format(Locale.ROOT, "{\"kind\":\"train\",\"step\":%d,\"epoch\":0,\"batches\":%d,\"trainCodeCe\":%.4f,"
                        + "\"trainTextCe\":5.0,\"learningRate\":%.6g,\"codeTokensPerSecond\":2100,\"msPerStep\":170,"
                        + "\"gradientNormMax\":%.4f,\"clippedSteps\":%d,\"skippedSteps\":0}%n", step, step, ce - 0.05 * Math.sin(step),
                        lr, step == 7 ? 4.2 : 0.3 + 0.1 * Math.cos(step), step == 7 ? 1 : 0));
            }
            if (step % 10 == 0) {
                m.append(String.format(Locale.ROOT, "{\"kind\":\"validation\",\"step\":%d,\"epoch\":0,\"validationCodeCe\":%.4f,"
                        + "\"validationTextCe\":5.5}%n", step, ce + 0.1));
            }
        }
        Files.writeString(folder.resolve(Finetune.METRICS), m.toString());
        LossCurve.write(folder.resolve(Finetune.METRICS), folder.resolve(Finetune.LOSS_CURVE));
    }
}
