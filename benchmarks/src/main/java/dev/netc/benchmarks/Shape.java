package dev.netc.benchmarks;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import java.util.Random;

/** A benchmark case: one of the generated networks and a batch size. */
public enum Shape {
    TINY_1("4-4-4", 1),
    TINY_3("4-4-4", 3),
    MNIST_1("784-128-10", 1),
    MNIST_64("784-128-10", 64),
    DEEP_1("784-512-512-10", 1),
    DEEP_256("784-512-512-10", 256);

    final String network;
    final int batch;

    Shape(String network, int batch) {
        this.network = network;
        this.batch = batch;
    }

    /** Floating-point operations of one forward pass over the whole batch (2 per weight per sample). */
    static long flops(Architecture architecture, int batch) {
        long perSample = 0;
        for (DenseLayer layer : architecture.denseLayers()) {
            perSample += 2L * layer.inputSize() * layer.outputSize();
        }
        return perSample * batch;
    }

    /** A seeded batch of inputs in [0, 1), like normalized pixels. */
    static float[][] inputs(int rows, int width) {
        Random random = new Random(rows * 1_000_003L + width);
        float[][] batch = new float[rows][width];
        for (float[] row : batch) {
            for (int i = 0; i < width; i++) {
                row[i] = random.nextFloat();
            }
        }
        return batch;
    }
}
