package dev.netc.runtime;

import dev.netc.runtime.math.Erf;
import dev.netc.runtime.math.FloatExp;

/**
 * The formulas of every activation, as static methods that generated code calls directly (the JIT
 * inlines them) and {@link Activation} calls for the interpreter.
 *
 * <p>Element-wise functions come in a {@code float} and a {@code double} flavour with the same name.
 * Transcendental {@code float} functions compute in {@code double} and round once, so they are
 * correctly rounded or within one ulp. Row-wise functions ({@link #softmax(float[], int, int)},
 * {@link #logSoftmax(float[], int, int)}) work in place on {@code len} values starting at {@code off}.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Activations {
    /** SELU's α, as in Keras. */
    public static final double SELU_ALPHA = 1.6732632423543772;
    /** SELU's λ, as in Keras. */
    public static final double SELU_SCALE = 1.0507009873554805;

    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    private Activations() {}

    public static float linear(float x) {
        return x;
    }

    public static double linear(double x) {
        return x;
    }

    public static float relu(float x) {
        return Math.max(0f, x);
    }

    public static double relu(double x) {
        return Math.max(0d, x);
    }

    /**
     * {@link #relu(float)} with comparisons instead of {@code Math.max}: the same values (NaN stays
     * NaN; only the sign of a zero may differ), about twice as fast in straight-line code, where the
     * JIT cannot vectorize and {@code Math.max} costs its NaN and signed-zero handling. Loops should
     * use {@link #relu(float)}, which vectorizes.
     */
    public static float reluScalar(float x) {
        return x >= 0f ? x : x < 0f ? 0f : x;
    }

    /** {@link #reluScalar(float)} in double precision. */
    public static double reluScalar(double x) {
        return x >= 0d ? x : x < 0d ? 0d : x;
    }

    public static float relu6(float x) {
        return Math.min(Math.max(0f, x), 6f);
    }

    public static double relu6(double x) {
        return Math.min(Math.max(0d, x), 6d);
    }

    public static float leakyRelu(float x, float a) {
        return x > 0f ? x : a * x;
    }

    public static double leakyRelu(double x, double a) {
        return x > 0d ? x : a * x;
    }

    public static float elu(float x, float a) {
        return x > 0f ? x : (float) (a * Math.expm1(x));
    }

    public static double elu(double x, double a) {
        return x > 0d ? x : a * Math.expm1(x);
    }

    public static float selu(float x) {
        return (float) selu((double) x);
    }

    public static double selu(double x) {
        return SELU_SCALE * (x > 0d ? x : SELU_ALPHA * Math.expm1(x));
    }

    public static float sigmoid(float x) {
        return (float) sigmoid((double) x);
    }

    /** Never evaluates {@code exp} of a large positive number, so it neither overflows nor loses the tail. */
    public static double sigmoid(double x) {
        if (x >= 0d) {
            return 1d / (1d + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1d + e);
    }

    public static float hardSigmoid(float x) {
        return (float) hardSigmoid((double) x);
    }

    /** relu6(x + 3) / 6, as Keras writes it: unlike x/6 + 1/2 it does not cancel near x = -3. */
    public static double hardSigmoid(double x) {
        return Math.min(Math.max((x + 3d) / 6d, 0d), 1d);
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    public static double tanh(double x) {
        return Math.tanh(x);
    }

    public static float softplus(float x) {
        return (float) softplus((double) x);
    }

    /** ln(1+eˣ) as max(x,0) + ln(1+e^−|x|): exact for large |x| where the naive form overflows or rounds to 0. */
    public static double softplus(double x) {
        return Math.max(x, 0d) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    public static float softsign(float x) {
        return x / (1f + Math.abs(x));
    }

    public static double softsign(double x) {
        return x / (1d + Math.abs(x));
    }

    public static float silu(float x) {
        return (float) silu((double) x);
    }

    public static double silu(double x) {
        return x * sigmoid(x);
    }

    public static float hardSilu(float x) {
        return (float) hardSilu((double) x);
    }

    public static double hardSilu(double x) {
        return x * hardSigmoid(x);
    }

    public static float gelu(float x) {
        return (float) gelu((double) x);
    }

    /** Exact GELU, x·Φ(x), written with erfc so the negative tail keeps its relative accuracy. */
    public static double gelu(double x) {
        return 0.5d * x * Erf.erfc(-x * SQRT_HALF);
    }

    public static float geluTanh(float x) {
        return (float) geluTanh((double) x);
    }

    /**
     * The tanh approximation of GELU, x/2·(1 + tanh(y)) with y = √(2/π)(x + 0.044715x³), computed as
     * the equal x·sigmoid(2y), which keeps its accuracy where 1 + tanh(y) would cancel (x &lt; 0).
     */
    public static double geluTanh(double x) {
        return x * sigmoid(2d * SQRT_2_OVER_PI * (x + 0.044715d * x * x * x));
    }

    public static float mish(float x) {
        return (float) mish((double) x);
    }

    public static double mish(double x) {
        return x * Math.tanh(softplus(x));
    }

    public static float exponential(float x) {
        return (float) Math.exp(x);
    }

    public static double exponential(double x) {
        return Math.exp(x);
    }

    /**
     * Softmax of one row in place; subtracts the row's maximum first, as the tutorial does. The
     * exponentials are {@link FloatExp#exp(float)} (within one float ulp), summed in double, and
     * divided by the sum as a multiplication by its reciprocal.
     */
    public static void softmax(float[] v, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0d;
        for (int i = off; i < off + len; i++) {
            float e = FloatExp.exp(v[i] - max);
            v[i] = e;
            sum += e;
        }
        double scale = 1d / sum;
        for (int i = off; i < off + len; i++) {
            v[i] = (float) (v[i] * scale);
        }
    }

    /** Softmax of one row in place; subtracts the row's maximum first, as the tutorial does. */
    public static void softmax(double[] v, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0d;
        for (int i = off; i < off + len; i++) {
            double e = Math.exp(v[i] - max);
            v[i] = e;
            sum += e;
        }
        for (int i = off; i < off + len; i++) {
            v[i] /= sum;
        }
    }

    /** log(softmax(x)) of one row in place, as x − max − ln Σ e^(x−max): finite wherever softmax underflows. */
    public static void logSoftmax(float[] v, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0d;
        for (int i = off; i < off + len; i++) {
            sum += FloatExp.exp(v[i] - max);
        }
        double logSum = Math.log(sum);
        for (int i = off; i < off + len; i++) {
            v[i] = (float) ((double) (v[i] - max) - logSum);
        }
    }

    /** log(softmax(x)) of one row in place, as x − max − ln Σ e^(x−max): finite wherever softmax underflows. */
    public static void logSoftmax(double[] v, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0d;
        for (int i = off; i < off + len; i++) {
            sum += Math.exp(v[i] - max);
        }
        double logSum = Math.log(sum);
        for (int i = off; i < off + len; i++) {
            v[i] = v[i] - max - logSum;
        }
    }
}
