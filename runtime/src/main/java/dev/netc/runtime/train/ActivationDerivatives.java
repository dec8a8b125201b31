package dev.netc.runtime.train;

import dev.netc.runtime.Activation;
import dev.netc.runtime.Activations;
import dev.netc.runtime.math.Erf;

/**
 * The backward pass of every activation: each formula of {@link Activations} differentiated, as
 * the tutorial's {@code backward} methods do. Element-wise derivatives take the activation's input
 * {@code x} and its output {@code y} (whichever the formula reads more cheaply); row-wise ones
 * (softmax, log_softmax) multiply by the Jacobian of a whole row.
 *
 * <p>Where an activation has a kink, the derivative there is the one from the side that gives 0
 * or the smaller slope (ReLU'(0) = 0, as the tutorial's {@code dinputs[inputs <= 0] = 0}).
 *
 * <p>Thread-safe: static functions without state.
 */
public final class ActivationDerivatives {
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;
    private static final double GELU_CUBIC = 0.044715;

    private ActivationDerivatives() {}

    /**
     * Multiplies {@code g} (the gradient at the activation's output) in place by the derivative,
     * turning it into the gradient at the activation's input, for {@code len} values from {@code off}
     * that form one row.
     *
     * @param x the activation's inputs
     * @param y its outputs
     * @param args one value per parameter, defaults filled in
     */
    public static void backward(Activation activation, double[] args, double[] x, double[] y, double[] g, int off,
            int len) {
        int end = off + len;
        switch (activation) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = off; i < end; i++) {
                    g[i] *= reluSlope(y[i]);
                }
            }
            case SOFTMAX -> softmax(y, g, off, len);
            case LOG_SOFTMAX -> logSoftmax(y, g, off, len);
            default -> {
                double a = args.length > 0 ? args[0] : 0;
                for (int i = off; i < end; i++) {
                    g[i] *= of(activation, a, x[i], y[i]);
                }
            }
        }
    }

    /**
     * ReLU's slope from its output {@code y = max(0, x)}: 1 where {@code y > 0}, else 0 (NaN stays NaN).
     * Written without a branch, so the loop vectorizes and random signs cost no mispredictions (a
     * comparison took 1.7 ns a value on a batch of random signs): any positive float, the smallest
     * subnormal included, times 2^254 reaches at least 1.
     */
    private static float reluSlope(float y) {
        return Math.min(y * 0x1p127f * 0x1p127f, 1f);
    }

    /** {@link #reluSlope(float)} in double: any positive double times 2^2046 reaches at least 1. */
    private static double reluSlope(double y) {
        return Math.min(y * 0x1p1023 * 0x1p1023, 1d);
    }

    /** As {@link #backward(Activation, double[], double[], double[], double[], int, int)}, in float. */
    public static void backward(Activation activation, double[] args, float[] x, float[] y, float[] g, int off,
            int len) {
        int end = off + len;
        switch (activation) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = off; i < end; i++) {
                    g[i] *= reluSlope(y[i]);
                }
            }
            case SOFTMAX -> softmax(y, g, off, len);
            case LOG_SOFTMAX -> logSoftmax(y, g, off, len);
            default -> {
                double a = args.length > 0 ? args[0] : 0;
                for (int i = off; i < end; i++) {
                    g[i] = (float) (g[i] * of(activation, a, x[i], y[i]));
                }
            }
        }
    }

    /**
     * The derivative of an element-wise activation at input {@code x} with output {@code y}.
     *
     * @param a the activation's parameter ({@code leaky_relu}'s and {@code elu}'s {@code a}), else ignored
     */
    public static double of(Activation activation, double a, double x, double y) {
        return switch (activation) {
            case LINEAR -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case RELU6 -> x > 0 && x < 6 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : a;
            case ELU -> x > 0 ? 1 : a * Math.exp(x);
            case SELU -> x > 0 ? Activations.SELU_SCALE : Activations.SELU_SCALE * Activations.SELU_ALPHA * Math.exp(x);
            case SIGMOID -> y * (1 - y);
            case HARD_SIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
            case TANH -> 1 - y * y;
            case SOFTPLUS -> Activations.sigmoid(x);
            case SOFTSIGN -> {
                double d = 1 + Math.abs(x);
                yield 1 / (d * d);
            }
            case SILU -> {
                double s = Activations.sigmoid(x);
                yield s * (1 + x * (1 - s));
            }
            case HARD_SILU -> x <= -3 ? 0 : x >= 3 ? 1 : x / 3 + 0.5;
            case GELU -> 0.5 * (1 + Erf.erf(x * SQRT_HALF)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case GELU_TANH -> {
                double t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
            }
            case MISH -> {
                double t = Math.tanh(Activations.softplus(x));
                yield t + x * (1 - t * t) * Activations.sigmoid(x);
            }
            case EXPONENTIAL -> y;
            case SOFTMAX, LOG_SOFTMAX -> throw new IllegalArgumentException(activation + " needs a whole row");
        };
    }

    /** Softmax's Jacobian times a row: {@code g_i <- y_i (g_i - Σ_j g_j y_j)}. */
    public static void softmax(double[] y, double[] g, int off, int len) {
        double dot = 0;
        for (int i = off; i < off + len; i++) {
            dot += g[i] * y[i];
        }
        for (int i = off; i < off + len; i++) {
            g[i] = y[i] * (g[i] - dot);
        }
    }

    /** As {@link #softmax(double[], double[], int, int)}, in float (the dot product in double). */
    public static void softmax(float[] y, float[] g, int off, int len) {
        double dot = 0;
        for (int i = off; i < off + len; i++) {
            dot += g[i] * y[i];
        }
        for (int i = off; i < off + len; i++) {
            g[i] = (float) (y[i] * (g[i] - dot));
        }
    }

    /** Log-softmax's Jacobian times a row: {@code g_i <- g_i - e^(y_i) Σ_j g_j}. */
    public static void logSoftmax(double[] y, double[] g, int off, int len) {
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += g[i];
        }
        for (int i = off; i < off + len; i++) {
            g[i] -= Math.exp(y[i]) * sum;
        }
    }

    /** As {@link #logSoftmax(double[], double[], int, int)}, in float. */
    public static void logSoftmax(float[] y, float[] g, int off, int len) {
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += g[i];
        }
        for (int i = off; i < off + len; i++) {
            g[i] = (float) (g[i] - Math.exp(y[i]) * sum);
        }
    }
}
