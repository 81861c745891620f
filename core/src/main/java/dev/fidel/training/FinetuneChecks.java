package dev.fidel.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.model.GptConfig;
import java.util.List;

/**
 * The request's settings checked before anything is read or built, each refused naming its POM element: the mode
 * and what it needs, the milestones (and, once the batches per epoch are known, their optimizer steps), the sizes,
 * the preset and the device.
 */
final class FinetuneChecks {

    private FinetuneChecks() {
    }

    static void check(FinetuneRequest r) throws FidelException {
        if (!(r.clipNorm() >= 0) || Float.isInfinite(r.clipNorm())) {
            throw new FidelException("<clipNorm> " + r.clipNorm() + " must be a finite number, 0 or more (0: no clipping; "
                    + "-Dfidel.finetune.clipNorm)", "clipNorm", null);
        }
        if (!"full".equals(r.mode()) && !"freeze".equals(r.mode()) && !"lora".equals(r.mode())) {
            throw new FidelException("<mode> " + r.mode() + " is not one of full, freeze, lora", "mode", null);
        }
        if ("freeze".equals(r.mode()) && (r.freezeLayers() < 0 || r.freezeLayers() == 0 && !r.freezeConditioning())) {
            throw new FidelException("<mode> freeze with <freezeLayers> " + r.freezeLayers() + " and <freezeConditioning> "
                    + r.freezeConditioning() + " freezes nothing: set <freezeLayers> to the number of first GPT blocks to keep fixed"
                    + " and/or <freezeConditioning>true</freezeConditioning>", "freezeLayers", null);
        }
        if ("lora".equals(r.mode())) {
            if (r.loraRank() < 1) {
                throw new FidelException("<loraRank> " + r.loraRank() + " must be at least 1 (-Dfidel.finetune.loraRank)", "loraRank",
                        null);
            }
            if (!(r.loraAlpha() > 0) || !Float.isFinite(r.loraAlpha())) {
                throw new FidelException("<loraAlpha> " + r.loraAlpha() + " must be positive and finite (-Dfidel.finetune.loraAlpha);"
                        + " the adapters' update is scaled by loraAlpha / loraRank", "loraAlpha", null);
            }
            if (r.baseCheckpoint() == null) {
                throw new FidelException("<mode> lora adapts a trained model but no <baseCheckpoint> is set: the base weights stay"
                        + " frozen, so a random base would stay random; set <baseCheckpoint> or use <mode>full</mode>", "baseCheckpoint",
                        null);
            }
        }
        if (!"steps".equals(r.milestoneUnit()) && !"epochs".equals(r.milestoneUnit())) {
            throw new FidelException("<milestoneUnit> " + r.milestoneUnit() + " is not steps or epochs", "milestoneUnit", null);
        }
        for (int i = 0; i < r.milestones().size(); i++) {
            int m = r.milestones().get(i);
            if (m < 1 || (i > 0 && m <= r.milestones().get(i - 1))) {
                throw new FidelException("<milestones> " + r.milestones() + " (in " + r.milestoneUnit() + ") must be positive and "
                        + "increasing: each one multiplies the learning rate by <gamma> once", "milestones", null);
            }
        }
        if (r.gradAccumSteps() < 1) {
            throw new FidelException("<gradAccumSteps> " + r.gradAccumSteps() + " must be at least 1 (batches per optimizer step)",
                    "gradAccumSteps", null);
        }
        if (!(r.emaDecay() >= 0 && r.emaDecay() < 1)) {
            throw new FidelException("<emaDecay> " + r.emaDecay() + " must be 0 (no weight average) or below 1, e.g. 0.999",
                    "emaDecay", null);
        }
        if (r.maxSteps() < 1 || r.checkpointEvery() < 1 || r.keep() < 1 || r.batchFrames() < 1) {
            throw new FidelException("<maxSteps>, <checkpointEvery>, <keep> and <batchFrames> must be positive (are " + r.maxSteps()
                    + ", " + r.checkpointEvery() + ", " + r.keep() + ", " + r.batchFrames() + ")", "maxSteps", null);
        }
        if (r.learningRate() < 0 || !Float.isFinite(r.learningRate())) {
            throw new FidelException("<learningRate> " + r.learningRate() + " must be finite and not negative", "learningRate", null);
        }
    }

    static GptConfig preset(String preset, int vocabularySize, int codebookSize) throws FidelException {
        return switch (preset) {
            case "nano" -> GptConfig.nano(vocabularySize, codebookSize);
            case "small" -> GptConfig.small(vocabularySize, codebookSize);
            default -> throw new FidelException("<preset> " + preset + " is not nano or small", "preset", null);
        };
    }

    /**
     * The milestones in optimizer steps. Epochs are converted with the optimizer steps of one epoch
     * (batches per epoch / {@code gradAccumSteps}) and the log says both numbers. A milestone that would
     * fall at or after {@code maxSteps} never lowers the rate, so it is refused, in either unit.
     */
    static List<Integer> milestoneSteps(FinetuneRequest r, int batchesPerEpoch, EventSink events) throws FidelException {
        double stepsPerEpoch = (double) batchesPerEpoch / r.gradAccumSteps();
        List<Integer> steps = r.milestones();
        String epochs = String.format("%.1f", r.maxSteps() / stepsPerEpoch);
        if ("epochs".equals(r.milestoneUnit())) {
            steps = r.milestones().stream().map(e -> (int) Math.round(e * stepsPerEpoch)).toList();
            events.info("milestones " + r.milestones() + " in epochs are optimizer steps " + steps + " (" + batchesPerEpoch
                    + " batches per epoch / <gradAccumSteps> " + r.gradAccumSteps() + " = " + fraction(stepsPerEpoch)
                    + " optimizer steps per epoch; <maxSteps> " + r.maxSteps() + " is " + epochs + " epochs)");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) >= r.maxSteps()) {
                String which = "epochs".equals(r.milestoneUnit())
                        ? r.milestones().get(i) + " epochs (optimizer step " + steps.get(i) + " at " + fraction(stepsPerEpoch)
                                + " steps per epoch)"
                        : "step " + steps.get(i);
                throw new FidelException("<milestones> " + which + " is not before <maxSteps> " + r.maxSteps() + " (" + epochs
                        + " epochs): the learning rate would never be lowered there. Lower the milestone, raise <maxSteps>, or check "
                        + "<milestoneUnit> (" + r.milestoneUnit() + ")", "milestones", null);
            }
        }
        return steps;
    }

    private static String fraction(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.2f", value);
    }

    /**
     * The device {@code <device>} names: {@code cpu}, or {@code gpu}/{@code cuda} where DJL's engine
     * has CUDA and sees a GPU; otherwise refused, naming the setting.
     */
    static Device device(String name) throws FidelException {
        if ("cpu".equals(name)) {
            return Device.cpu();
        }
        if (!"gpu".equals(name) && !"cuda".equals(name)) {
            throw new FidelException("<device> " + name + " is not one of cpu, gpu, cuda", "device", null);
        }
        Engine engine = Engine.getInstance();
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = cuda ? engine.getGpuCount() : 0;
        if (gpus > 0) {
            return Device.gpu();
        }
        throw new FidelException("<device> " + name + " is not available: DJL's " + engine.getEngineName() + " engine "
                + engine.getVersion() + (cuda ? " has CUDA but sees no GPU" : " has no CUDA (no CUDA engine is present; this Fidel "
                + "bundles only PyTorch's CPU natives)") + ". On a machine with an NVIDIA GPU, set PYTORCH_LIBRARY_PATH to the lib folder of "
                + "a CUDA 12.8 build of libtorch 2.7.1 (and PYTORCH_FLAVOR=cu128); otherwise set <device>cpu</device> (-Dfidel.device=cpu)",
                "device", null);
    }

}
