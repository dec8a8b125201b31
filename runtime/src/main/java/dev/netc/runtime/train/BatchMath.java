package dev.netc.runtime.train;

import dev.netc.runtime.Activation;
import dev.netc.runtime.Activations;
import java.util.SplittableRandom;

/**
 * The element-wise and row-wise steps of a training pass on row-major batches, which generated trainers
 * call between their matrix products: gathering rows, activations forward and backward, bias gradients,
 * regularization and dropout (bias gradients are column sums of the matrix kernels). Nothing here allocates.
 *
 * <p>Thread-safe: static functions without state (the random generator is the caller's).
 */
public final class BatchMath {
    private BatchMath() {}

    /** Copies {@code rows.length} rows of {@code width} values into {@code flat}, back to back. */
    public static void gather(float[][] rows, int width, float[] flat) {
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
    }

    /** As {@link #gather(float[][], int, float[])}, in double. */
    public static void gather(double[][] rows, int width, double[] flat) {
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
    }

    /** {@code a = activation(z)} for {@code rows} rows of {@code width}; {@code a} may be {@code z}. */
    public static void activate(Activation activation, double[] args, float[] z, float[] a, int rows, int width) {
        if (activation == Activation.RELU) {
            // One pass instead of a copy and a pass: the most common hidden activation.
            for (int i = 0, n = rows * width; i < n; i++) {
                a[i] = Activations.relu(z[i]);
            }
            return;
        }
        if (a != z) {
            System.arraycopy(z, 0, a, 0, rows * width);
        }
        if (activation.isRowWise()) {
            for (int r = 0; r < rows; r++) {
                activation.apply(a, r * width, width, args);
            }
        } else {
            activation.apply(a, 0, rows * width, args);
        }
    }

    /** As {@link #activate(Activation, double[], float[], float[], int, int)}, in double. */
    public static void activate(Activation activation, double[] args, double[] z, double[] a, int rows, int width) {
        if (activation == Activation.RELU) {
            for (int i = 0, n = rows * width; i < n; i++) {
                a[i] = Activations.relu(z[i]);
            }
            return;
        }
        if (a != z) {
            System.arraycopy(z, 0, a, 0, rows * width);
        }
        if (activation.isRowWise()) {
            for (int r = 0; r < rows; r++) {
                activation.apply(a, r * width, width, args);
            }
        } else {
            activation.apply(a, 0, rows * width, args);
        }
    }

    /** Turns the gradient {@code g} at the activation's output into the one at its input, in place. */
    public static void backward(Activation activation, double[] args, float[] z, float[] a, float[] g, int rows,
            int width) {
        if (activation.isRowWise()) {
            for (int r = 0; r < rows; r++) {
                ActivationDerivatives.backward(activation, args, z, a, g, r * width, width);
            }
        } else {
            ActivationDerivatives.backward(activation, args, z, a, g, 0, rows * width);
        }
    }

    /** As {@link #backward(Activation, double[], float[], float[], float[], int, int)}, in double. */
    public static void backward(Activation activation, double[] args, double[] z, double[] a, double[] g, int rows,
            int width) {
        if (activation.isRowWise()) {
            for (int r = 0; r < rows; r++) {
                ActivationDerivatives.backward(activation, args, z, a, g, r * width, width);
            }
        } else {
            ActivationDerivatives.backward(activation, args, z, a, g, 0, rows * width);
        }
    }

    /** Adds the penalties' gradient to {@code g}: {@code l1·sign(w) + 2·l2·w}. */
    public static void regularize(float[] g, float[] w, int n, double l1, double l2) {
        float a = (float) l1;
        float b = (float) (2 * l2);
        for (int i = 0; i < n; i++) {
            g[i] += a * Math.signum(w[i]) + b * w[i];
        }
    }

    /** As {@link #regularize(float[], float[], int, double, double)}, in double. */
    public static void regularize(double[] g, double[] w, int n, double l1, double l2) {
        double b = 2 * l2;
        for (int i = 0; i < n; i++) {
            g[i] += l1 * Math.signum(w[i]) + b * w[i];
        }
    }

    /** The penalty {@code l1·Σ|w| + l2·Σw²}. */
    public static double penalty(float[] w, int n, double l1, double l2) {
        double abs = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            abs += Math.abs(w[i]);
            squares += (double) w[i] * w[i];
        }
        return l1 * abs + l2 * squares;
    }

    /** As {@link #penalty(float[], int, double, double)}, in double. */
    public static double penalty(double[] w, int n, double l1, double l2) {
        double abs = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            abs += Math.abs(w[i]);
            squares += w[i] * w[i];
        }
        return l1 * abs + l2 * squares;
    }

    /**
     * Dropout while training: each value kept with probability {@code 1 − rate} and scaled by
     * {@code 1 / (1 − rate)}; {@code mask} keeps the factors for the backward pass.
     */
    public static void dropout(float[] in, float[] out, float[] mask, int n, double rate, SplittableRandom random) {
        float scale = (float) (1 / (1 - rate));
        for (int i = 0; i < n; i++) {
            float m = random.nextDouble() < rate ? 0f : scale;
            mask[i] = m;
            out[i] = in[i] * m;
        }
    }

    /** As {@link #dropout(float[], float[], float[], int, double, SplittableRandom)}, in double. */
    public static void dropout(double[] in, double[] out, double[] mask, int n, double rate, SplittableRandom random) {
        double scale = 1 / (1 - rate);
        for (int i = 0; i < n; i++) {
            double m = random.nextDouble() < rate ? 0 : scale;
            mask[i] = m;
            out[i] = in[i] * m;
        }
    }

    /** {@code g *= mask}, element by element: dropout's backward pass. */
    public static void mask(float[] g, float[] mask, int n) {
        for (int i = 0; i < n; i++) {
            g[i] *= mask[i];
        }
    }

    /** As {@link #mask(float[], float[], int)}, in double. */
    public static void mask(double[] g, double[] mask, int n) {
        for (int i = 0; i < n; i++) {
            g[i] *= mask[i];
        }
    }
}
