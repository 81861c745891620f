package dev.fidel.training;

import static dev.fidel.PropertyCheck.ANY;
import static dev.fidel.PropertyCheck.forAll;
import static dev.fidel.PropertyCheck.lists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.Trials;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.fidel.util.TorchEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AdamW}'s fused update against AdamW written out element by element in double precision (the textbook
 * formula the optimizer documents): generated cases (Americium, shrinking to fewer and smaller parameters) of six steps
 * each, with and without decay, with clipping scales, and gradients from 1e-10 to 10 so that epsilon matters for some
 * elements.
 */
class AdamWTest {

    /** A parameter of the case: its number of elements, and whether it is decayed. */
    record Param(int size, boolean decay) {
    }

    /** One optimizer step: learning rate 10^(-4 + 2 * rate / 1000); gradient scale 1 (scale -1) or scale / 1000. */
    record Step(int rate, int scale) {
        float learningRate() {
            return (float) Math.pow(10, -4 + 2 * rate / 1000.0);
        }

        float gradientScale() {
            return scale < 0 ? 1f : scale / 1000f;
        }
    }

    /** Parameters, AdamW settings, six steps, and the seed of the weights and gradients (1e-10 to 10). */
    record Case(List<Param> params, AdamW.Settings settings, List<Step> steps, long seed) {
    }

    static Trials<Case> cases() {
        Trials<Param> param = ANY.integers(1, 300, 1).and(ANY.booleans()).trials().map(c -> new Param(c._1(), c._2()));
        Trials<AdamW.Settings> settings = ANY.integers(0, 1000, 0).and(ANY.integers(0, 1000, 0)).and(ANY.integers(-1, 1000, -1)).trials()
                .map(c -> new AdamW.Settings(0.8f + 0.19f * c._1() / 1000f, 0.9f + 0.099f * c._2() / 1000f, 1e-8f,
                        c._3() < 0 ? 0.01f : 0.1f * c._3() / 1000f));
        Trials<Step> step = ANY.integers(0, 1000, 0).and(ANY.integers(-1, 1000, -1)).trials().map(c -> new Step(c._1(), c._2()));
        return lists(param, 1, 4).and(settings).and(lists(step, 6, 6)).and(ANY.longs(0, 1_000_000, 0)).trials()
                .map(c -> new Case(c._1(), c._2(), c._3(), c._4()));
    }

    @Test
    void fusedUpdateFollowsTheFormulaStepAfterStep() {
        forAll(40, cases(), AdamWTest::checkCase);
    }

    @Test
    void gradientNormIsTheL2NormOfAllGradientsTogether() {
        Random random = new Random(7);
        try (NDManager manager = TorchEngine.newManager()) {
            Fixture f = new Fixture(manager, random, new long[] {7, 1, 3000}, new boolean[] {true, false, true});
            f.backward(random, 1f);
            double expected = 0;
            for (float[] g : f.gradients) {
                for (float v : g) {
                    expected += (double) v * v;
                }
            }
            assertEquals(Math.sqrt(expected), f.optimizer.gradientNorm(), 1e-5 * Math.sqrt(expected));
            f.backward(random, Float.NaN);
            assertTrue(Double.isNaN(f.optimizer.gradientNorm()), "a NaN gradient makes the norm NaN");
        }
    }

    private static void checkCase(Case c) {
        Random random = new Random(c.seed());
        int count = c.params().size();
        long[] sizes = c.params().stream().mapToLong(Param::size).toArray();
        boolean[] decay = new boolean[count];
        for (int i = 0; i < count; i++) {
            decay[i] = c.params().get(i).decay();
        }
        AdamW.Settings settings = c.settings();
        try (NDManager manager = TorchEngine.newManager()) {
            Fixture f = new Fixture(manager, random, sizes, decay, settings);
            double[][] mean = new double[count][];
            double[][] variance = new double[count][];
            for (int i = 0; i < count; i++) {
                mean[i] = new double[(int) sizes[i]];
                variance[i] = new double[(int) sizes[i]];
            }
            for (int step = 1; step <= c.steps().size(); step++) {
                f.backward(random, 1f);
                float rate = c.steps().get(step - 1).learningRate();
                float scale = c.steps().get(step - 1).gradientScale();
                double c1 = 1 - Math.pow(settings.beta1(), step);
                double c2 = 1 - Math.pow(settings.beta2(), step);
                double[][] expected = new double[count][];
                for (int i = 0; i < count; i++) {
                    float[] w = f.weights.get(i).toFloatArray();
                    expected[i] = new double[w.length];
                    for (int j = 0; j < w.length; j++) {
                        double g = (double) f.gradients.get(i)[j] * scale;
                        mean[i][j] = settings.beta1() * mean[i][j] + (1 - settings.beta1()) * g;
                        variance[i][j] = settings.beta2() * variance[i][j] + (1 - settings.beta2()) * g * g;
                        double change = rate * (mean[i][j] / c1) / (Math.sqrt(variance[i][j] / c2) + settings.epsilon());
                        double decayed = decay[i] ? w[j] * (1 - (double) rate * settings.weightDecay()) : w[j];
                        expected[i][j] = decayed - change;
                    }
                }
                f.optimizer.update(rate, scale);
                for (int i = 0; i < count; i++) {
                    float[] actual = f.weights.get(i).toFloatArray();
                    float[] gradient = f.weights.get(i).getGradient().toFloatArray();
                    for (int j = 0; j < actual.length; j++) {
                        double tolerance = 1e-6 * Math.abs(expected[i][j]) + 2e-5 * rate;
                        assertEquals(expected[i][j], actual[j], tolerance, "step " + step + ", parameter " + i
                                + " (decay " + decay[i] + "), element " + j + ", gradient " + f.gradients.get(i)[j]);
                        assertEquals(0f, gradient[j], "the update leaves the gradient zero");
                    }
                }
            }
        }
    }

    /** Parameters with random weights, their AdamW, and {@link #backward} to give them chosen gradients. */
    private static final class Fixture {
        final List<NDArray> weights = new ArrayList<>();
        final List<float[]> gradients = new ArrayList<>();
        final AdamW optimizer;
        private final NDManager manager;

        Fixture(NDManager manager, Random random, long[] sizes, boolean[] decay) {
            this(manager, random, sizes, decay, AdamW.Settings.defaults());
        }

        Fixture(NDManager manager, Random random, long[] sizes, boolean[] decay, AdamW.Settings settings) {
            this.manager = manager;
            List<ParameterGroups.Named> decayed = new ArrayList<>();
            List<ParameterGroups.Named> plain = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                Parameter p = Parameter.builder().setName("p" + i).setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(sizes[i])).build();
                p.setInitializer(new SeededNormalInitializer(random.nextLong(), 1.0));
                p.initialize(manager, DataType.FLOAT32);
                weights.add(p.getArray());
                (decay[i] ? decayed : plain).add(new ParameterGroups.Named("p" + i, p));
            }
            optimizer = new AdamW(new ParameterGroups(decayed, plain), settings);
        }

        /** Gives each weight a gradient of random elements of magnitudes 1e-10 to 10 ({@code last} as the last element). */
        void backward(Random random, float last) {
            gradients.clear();
            try (NDScope scope = new NDScope(); GradientCollector collector = TorchEngine.engine().newGradientCollector()) {
                NDArray loss = null;
                for (NDArray w : weights) {
                    float[] g = new float[(int) w.size()];
                    for (int j = 0; j < g.length; j++) {
                        g[j] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, -10 + 11 * random.nextDouble()));
                    }
                    g[g.length - 1] = Float.isNaN(last) ? last : g[g.length - 1];
                    gradients.add(g);
                    NDArray term = w.mul(manager.create(g)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                collector.backward(loss);
            }
        }
    }
}
