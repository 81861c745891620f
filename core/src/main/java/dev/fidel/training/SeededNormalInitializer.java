package dev.fidel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * N(0, sigma) drawn from a seeded {@link Random} in Java, so the initial weights depend on the seed alone
 * (DJL's own initializers draw from the engine and ignore any seed). Parameters are initialized in
 * block order, which is fixed, so one instance gives the same weights every run.
 */
public final class SeededNormalInitializer implements Initializer {

    private final Random random;
    private final double sigma;

    public SeededNormalInitializer(long seed, double sigma) {
        this.random = new Random(seed);
        this.sigma = sigma;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
