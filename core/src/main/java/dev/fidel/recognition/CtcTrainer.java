package dev.fidel.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.fidel.VerdictException;
import dev.fidel.audio.MelConfig;
import dev.fidel.event.EventSink;
import dev.fidel.util.GraphScalars;
import dev.fidel.util.Sha256;
import dev.fidel.util.TorchEngine;
import dev.fidel.util.Versions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trains a {@link CtcRecognizer} on real recordings. A step whose loss or gradient is not finite
 * (CTC does this now and then) is thrown away and counted: the weights never see it.
 */
public final class CtcTrainer {

    private final CtcRecognizerConfig network;
    private final CtcTrainingConfig training;
    private final MelConfig melConfig;
    private final String normalizerSha256;
    private final EventSink events;

    public CtcTrainer(CtcRecognizerConfig network, CtcTrainingConfig training, MelConfig melConfig,
            String normalizerSha256, EventSink events) {
        this.network = network;
        this.training = training;
        this.melConfig = melConfig;
        this.normalizerSha256 = normalizerSha256;
        this.events = events;
    }

    /** Steps in a row that may be non-finite before training is declared diverged. */
    static final int MAX_CONSECUTIVE_SKIPS = 50;

    /**
     * Trains on {@code utterances} (texts already normalized); the caller closes the result.
     * Utterances with non-finite mel values, empty text or more characters than frames are left out
     * (and counted).
     *
     * @throws VerdictException when no utterance is usable, or training diverges (every step non-finite)
     */
    public CtcRecognizer train(List<LabelledMel> utterances) throws VerdictException {
        long started = System.nanoTime();
        List<LabelledMel> finite = utterances.stream().filter(u -> u.mel().length > 0 && allFinite(u.mel())).toList();
        if (finite.size() < utterances.size()) {
            events.warn((utterances.size() - finite.size()) + " utterances left out of recognizer training: empty or non-finite (NaN/inf) mel values");
        }
        if (finite.isEmpty()) {
            throw new VerdictException("no utterance to train the recognizer on (" + utterances.size() + " given, none with finite mel values)");
        }
        CharacterSet characters = CharacterSet.of(finite.stream().map(LabelledMel::text).toList());
        FeatureStatistics features = FeatureStatistics.of(finite.stream().map(LabelledMel::mel).toList());

        List<LabelledMel> usable = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (LabelledMel u : finite) {
            int[] target = characters.encode(u.text());
            if (target.length > 0 && CtcLoss.fits(target, CtcRecognizerConfig.outputFrames(u.mel().length))) {
                usable.add(u);
                targets.add(target);
            }
        }
        int dropped = utterances.size() - usable.size();
        if (usable.size() < finite.size()) {
            events.warn((finite.size() - usable.size()) + " utterances left out of recognizer training: empty text or more characters than frames");
        }
        if (usable.isEmpty()) {
            throw new VerdictException("no utterance to train the recognizer on: every text is empty or longer than its audio allows");
        }

        NDManager manager = TorchEngine.newManager();
        Block block = CtcRecognizer.newNetwork(manager, network, characters, melConfig.mels(), training.seed());
        RecognizerHeader draft = new RecognizerHeader(RecognizerHeader.FORMAT_VERSION, RecognizerHeader.KIND, network,
                characters, melConfig, features, normalizerSha256, List.of(), null, Map.of(), versions());
        CtcRecognizer recognizer = new CtcRecognizer(manager, block, draft);

        List<Parameter> parameters = block.getParameters().stream().map(Pair::getValue).toList();
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(true);
        }
        Optimizer adam = Optimizer.adam().optLearningRateTracker((ai.djl.training.tracker.Tracker) training::learningRate).build();
        ParameterStore store = new ParameterStore(manager, false);

        List<List<Integer>> batches = lengthBuckets(usable, training.batchSize());
        Random random = new Random(training.seed());
        // Its own stream, so that turning the perturbation on or off leaves the batch order as it was.
        Random tempoRandom = new Random(training.seed() * 31 + 7);
        TempoPerturbation tempo = training.tempo();
        int[] perturbed = new int[2];
        ArrayDeque<Double> recentLosses = new ArrayDeque<>();
        int steps = 0;
        int skipped = 0;
        int skippedInARow = 0;
        long lastReport = 0;
        long deadline = started + (long) (training.maxSeconds() * 1e9);
        boolean timedOut = false;
        outer:
        while (true) {
            Collections.shuffle(batches, random);
            for (List<Integer> batch : batches) {
                if (steps >= training.maxSteps()) {
                    break outer;
                }
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break outer;
                }
                int[][] batchTargets = batch.stream().map(targets::get).toArray(int[][]::new);
                List<float[][]> mels = new ArrayList<>(batch.size());
                for (int b = 0; b < batch.size(); b++) {
                    float[][] mel = usable.get(batch.get(b)).mel();
                    float[][] stretched = TempoPerturbation.stretch(mel, tempo.draw(tempoRandom));
                    // A stretch too fast for its text (more characters than frames) keeps the utterance's own tempo.
                    boolean fits = stretched == mel || CtcLoss.fits(batchTargets[b], CtcRecognizerConfig.outputFrames(stretched.length));
                    mels.add(fits ? stretched : mel);
                    perturbed[fits && stretched != mel ? 0 : 1]++;
                }
                int[] frames = mels.stream().mapToInt(m -> CtcRecognizerConfig.outputFrames(m.length)).toArray();
                float loss;
                try (NDManager step = manager.newSubManager()) {
                    try (GradientCollector collector = TorchEngine.engine().newGradientCollector()) {
                        NDArray logProbs = recognizer.forward(step, store, mels, true).logSoftmax(2);
                        NDArray lossArray = CtcLoss.meanLoss(logProbs, frames, batchTargets);
                        loss = lossArray.getFloat();
                        if (Float.isFinite(loss) && loss < -CtcLoss.IMPOSSIBLE / 10) {
                            collector.backward(lossArray);
                        } else {
                            skipped++;
                            skippedInARow++;
                            checkDivergence(manager, skippedInARow, steps);
                            continue;
                        }
                    }
                    if (!update(step, parameters, adam, steps)) {
                        skipped++;
                        skippedInARow++;
                        checkDivergence(manager, skippedInARow, steps);
                        continue;
                    }
                }
                skippedInARow = 0;
                steps++;
                recentLosses.addLast((double) loss);
                if (recentLosses.size() > 50) {
                    recentLosses.removeFirst();
                }
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L) {
                    lastReport = now;
                    events.progress("recognizer training", steps, training.maxSteps(), String.format(Locale.ROOT,
                            "loss %.3f, lr %.2e, skipped %d, %.0f s", loss, training.learningRate(steps), skipped, (now - started) / 1e9));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double finalLoss = recentLosses.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        CtcTrainingReport report = new CtcTrainingReport(steps, skipped, dropped, seconds, finalLoss, timedOut);
        events.info(String.format(Locale.ROOT, "recognizer trained: %d steps (%d skipped as non-finite) in %.0f s (%.2f steps/s), loss %.3f%s",
                steps, skipped, seconds, steps / Math.max(seconds, 1e-9), finalLoss, tempo.enabled() ? String.format(Locale.ROOT,
                        "; tempo perturbed %.2f-%.2f (%d of %d utterances stretched)", tempo.slowest(), tempo.fastest(), perturbed[0],
                        perturbed[0] + perturbed[1]) : "; no tempo perturbation"));
        if (timedOut) {
            events.warn(String.format(Locale.ROOT, "RECOGNIZER TRAINING CUT SHORT: the safety limit of %.0f s (<recognizerSeconds>) "
                    + "stopped it after %d of %d steps; the machine is slower or busier than the limit allows. Its figures are not "
                    + "what %d steps give: raise <recognizerSeconds>", training.maxSeconds(), steps, training.maxSteps(),
                    training.maxSteps()));
        }

        Map<String, Object> provenance = new TreeMap<>();
        provenance.put("config", training);
        provenance.put("report", report);
        provenance.put("utterances", usable.size());
        provenance.put("dataSha256", dataSha256(usable));
        RecognizerHeader header = new RecognizerHeader(draft.formatVersion(), draft.kind(), network, characters, melConfig,
                features, normalizerSha256, List.of(), null, provenance, versions());
        return new CtcRecognizer(manager, block, header);
    }

    private static void checkDivergence(NDManager manager, int skippedInARow, int steps) throws VerdictException {
        if (skippedInARow >= MAX_CONSECUTIVE_SKIPS) {
            manager.close();
            throw new VerdictException("recognizer training diverged: " + skippedInARow
                    + " steps in a row had a non-finite loss or gradient (after " + steps + " good steps); lower the learning rate");
        }
    }

    private static boolean allFinite(float[][] mel) {
        for (float[] frame : mel) {
            for (float v : frame) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Clips and applies the gradients; false (and gradients cleared, weights untouched) when their
     * norm is not finite.
     */
    private boolean update(NDManager step, List<Parameter> parameters, Optimizer adam, int stepIndex) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        double squares = 0;
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient();
            g.attach(step);
            gradients.add(g);
            squares += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(squares);
        if (!Double.isFinite(norm)) {
            // DJL's own zeroGradients() subtracts the gradient from itself, which leaves NaN as NaN.
            for (NDArray g : gradients) {
                g.set(new float[Math.toIntExact(g.size())]);
            }
            return false;
        }
        float scale = norm > training.clipNorm() ? (float) (training.clipNorm() / norm) : 1f;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray g = gradients.get(i);
            if (scale < 1f) {
                g.muli(GraphScalars.of(g, scale));
            }
            adam.update(parameters.get(i).getId(), parameters.get(i).getArray(), g);
            g.subi(g);
        }
        return true;
    }

    /** Batches of utterances of similar length (little padding), in a fixed order before shuffling. */
    private static List<List<Integer>> lengthBuckets(List<LabelledMel> utterances, int batchSize) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> utterances.get(i).mel().length).thenComparing(i -> utterances.get(i).id()));
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(new ArrayList<>(order.subList(from, Math.min(order.size(), from + batchSize))));
        }
        return batches;
    }

    /** SHA-256 over every utterance's id, text and mel values, in id order. */
    static String dataSha256(List<LabelledMel> utterances) {
        MessageDigest md = Sha256.digest();
        List<LabelledMel> sorted = new ArrayList<>(utterances);
        sorted.sort(Comparator.comparing(LabelledMel::id));
        for (LabelledMel u : sorted) {
            md.update((u.id() + "\t" + u.text() + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(u.mel().length * u.mel()[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] frame : u.mel()) {
                for (float v : frame) {
                    buffer.putFloat(v);
                }
            }
            md.update(buffer.array());
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, String> versions() {
        return Map.of("fidel", Versions.FIDEL, "djl", Versions.DJL, "engine", "PyTorch");
    }
}
