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

    /**
     * A seeded batch of 28 x 28 images (784 values) with blank borders, like handwritten digits: a
     * ring of ink, 4 to 8 pixels in radius and about 4 wide, somewhere near the middle, with values
     * in [0.3, 1); the other pixels are 0. About one pixel in seven is inked (MNIST: one in five).
     */
    static float[][] digits(int rows) {
        Random random = new Random(rows * 1_000_033L);
        float[][] batch = new float[rows][784];
        for (float[] image : batch) {
            double centerRow = 14 + random.nextInt(5) - 2;
            double centerColumn = 14 + random.nextInt(5) - 2;
            double radius = 4 + 4 * random.nextDouble();
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    // Taller than wide, as digits are.
                    double distance = Math.hypot(r - centerRow, (c - centerColumn) * 1.5);
                    if (Math.abs(distance - radius) < 2) {
                        image[r * 28 + c] = 0.3f + 0.7f * random.nextFloat();
                    }
                }
            }
        }
        return batch;
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
