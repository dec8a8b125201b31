package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The exact semantics of {@link Activations}: the Keras 3 formulas of the spec at their kinks and
 * arguments, the tails the stable forms exist for, and the row-wise functions on the rows that
 * break naive implementations. Expected values come from 256-bit mpmath (see
 * {@code src/test/resources/reference/make_reference.py}); "within 1 ulp" where the formula is not
 * correctly rounded, exact otherwise. {@link ActivationsAccuracyTest} covers the full range.
 */
class ActivationsTest {

    // ------------------------------------------------------------------ piecewise formulas (Keras 3)

    @Test
    void reluIsMaxOfZeroAndX() {
        assertThat(Activations.relu(-3.5)).isEqualTo(0.0);
        assertThat(Activations.relu(2.25)).isEqualTo(2.25);
        assertThat(Activations.relu(-3.5f)).isEqualTo(0f);
        assertThat(Activations.relu(Float.MAX_VALUE)).isEqualTo(Float.MAX_VALUE);
        assertThat(Activations.relu(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        // a NaN must not be hidden as 0 (NumPy's maximum propagates it too)
        assertThat(Activations.relu(Double.NaN)).isNaN();
        assertThat(Activations.relu(Float.NaN)).isNaN();
    }

    @Test
    void relu6ClipsToZeroAndSix() {
        double[] x = {-1e30, -1, 0, 3, 5.999999999999999, 6, 6.000000000000001, 7, 1e30, Double.POSITIVE_INFINITY};
        double[] expected = {0, 0, 0, 3, 5.999999999999999, 6, 6, 6, 6, 6};
        for (int i = 0; i < x.length; i++) {
            assertThat(Activations.relu6(x[i])).as("relu6(%s)", x[i]).isEqualTo(expected[i]);
            assertThat(Activations.relu6((float) x[i])).as("relu6(%sf)", x[i]).isEqualTo((float) expected[i]);
        }
        assertThat(Activations.relu6(Double.NaN)).isNaN();
    }

    @Test
    void hardSigmoidIsClipOfXOverSixPlusOneHalf() {
        // Keras 3: 0 for x <= -3, 1 for x >= 3, x/6 + 1/2 in between (not Keras 2's 0.2 x + 0.5)
        assertThat(Activations.hardSigmoid(-3.0)).isEqualTo(0.0);
        assertThat(Activations.hardSigmoid(-4.0)).isEqualTo(0.0);
        assertThat(Activations.hardSigmoid(3.0)).isEqualTo(1.0);
        assertThat(Activations.hardSigmoid(1e300)).isEqualTo(1.0);
        assertThat(Activations.hardSigmoid(0.0)).isEqualTo(0.5);
        assertThat(Activations.hardSigmoid(1.5)).isEqualTo(0.75);
        assertThat(Activations.hardSigmoid(-1.5)).isEqualTo(0.25);
        assertThat(Activations.hardSigmoid(2.5)).isEqualTo(11.0 / 12.0, within(Math.ulp(11.0 / 12.0)));
        assertThat(Activations.hardSigmoid(-2.5f)).isEqualTo(1f / 12f, within(2 * Math.ulp(1f / 12f)));
        assertThat(Activations.hardSigmoid(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(Activations.hardSigmoid(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        // 0.2 x + 0.5 (Keras 2) would give 0.9 here, and 1 at 2.5
        assertThat(Activations.hardSigmoid(2.0)).isEqualTo(5.0 / 6.0, within(Math.ulp(5.0 / 6.0)));
    }

    @Test
    void hardSiluIsXTimesHardSigmoid() {
        assertThat(Activations.hardSilu(-3.0)).isZero();
        assertThat(Activations.hardSilu(-5.0)).isZero();
        assertThat(Activations.hardSilu(3.0)).isEqualTo(3.0);
        assertThat(Activations.hardSilu(7.5)).isEqualTo(7.5);
        assertThat(Activations.hardSilu(1.5)).isEqualTo(1.125);
        assertThat(Activations.hardSilu(-1.5f)).isEqualTo(-0.375f);
    }

    @Test
    void leakyReluUsesItsSlopeArgumentForNegativeInputsOnly() {
        assertThat(Activations.leakyRelu(-2.0, 0.2)).isEqualTo(-0.4);
        assertThat(Activations.leakyRelu(-2.0, 0.01)).isEqualTo(-0.02);
        assertThat(Activations.leakyRelu(3.0, 0.2)).isEqualTo(3.0);
        assertThat(Activations.leakyRelu(0.0, 0.2)).isZero();
        assertThat(Activations.leakyRelu(-2f, 0.2f)).isEqualTo(-0.4f);
        assertThat(Activations.leakyRelu(-100f, 0.01f)).isEqualTo(-100f * 0.01f);
        assertThat(Activations.leakyRelu(-1e30, 0.5)).isEqualTo(-5e29);
        assertThat(Activation.LEAKY_RELU.parameters()).containsExactly(new Parameter("a", 0.01));
    }

    @Test
    void eluUsesItsAlphaArgumentAndExpm1() {
        assertThat(Activations.elu(2.0, 0.5)).isEqualTo(2.0);
        assertThat(Activations.elu(-1.0, 0.5)).isEqualTo(-0.31606027941427883, within(Math.ulp(0.316)));
        assertThat(Activations.elu(-1.0, 1.0)).isEqualTo(-0.6321205588285577, within(Math.ulp(0.63)));
        assertThat(Activations.elu(-800.0, 0.5)).isEqualTo(-0.5);
        assertThat(Activations.elu(Double.NEGATIVE_INFINITY, 2.0)).isEqualTo(-2.0);
        // near 0, expm1 keeps every digit that exp(x) - 1 would cancel away: elu(-1e-10) = -1e-10 + 5e-21
        assertThat(Activations.elu(-1e-10, 1.0)).isEqualTo(-9.999999999500001e-11, within(Math.ulp(1e-10)));
        assertThat(Activations.elu(-1e-30, 1.0)).isEqualTo(-1e-30);
        assertThat(Activations.elu(-1e-30f, 1f)).isEqualTo(-1e-30f);
        assertThat(Activations.elu(-1e-7f, 1f)).isEqualTo(-9.9999994e-8f);
        assertThat(Activation.ELU.parameters()).containsExactly(new Parameter("a", 1.0));
    }

    @Test
    void seluIsScaledEluWithTheKerasConstants() {
        assertThat(Activations.SELU_ALPHA).isEqualTo(1.6732632423543772);
        assertThat(Activations.SELU_SCALE).isEqualTo(1.0507009873554805);
        assertThat(Activations.selu(1.0)).isEqualTo(Activations.SELU_SCALE);
        assertThat(Activations.selu(0.0)).isZero();
        assertThat(Activations.selu(Double.NEGATIVE_INFINITY)).isEqualTo(-1.7580993408473766);
        assertThat(Activations.selu(-800f)).isEqualTo((float) -1.7580993408473766);
        // near 0 the negative branch has slope λα: expm1, not exp - 1
        assertThat(Activations.selu(-1e-20)).isEqualTo(-1.7580993408473765e-20, within(2 * Math.ulp(1.758e-20)));
        assertThat(Activations.selu(-1e-20f)).isEqualTo((float) -1.7580992850550127e-20); // -1e-20f is -9.9999997e-21
    }

    @Test
    void softsignIsXOverOnePlusAbsX() {
        assertThat(Activations.softsign(3.0)).isEqualTo(0.75);
        assertThat(Activations.softsign(-3.0)).isEqualTo(-0.75);
        assertThat(Activations.softsign(0.0)).isZero();
        assertThat(Activations.softsign(1e300)).isEqualTo(1.0);
        assertThat(Activations.softsign(Float.MAX_VALUE)).isEqualTo(1f);
    }

    @Test
    void linearIsTheIdentity() {
        for (double x : new double[] {-1e300, -1, -0.0, 0, 0.1, Double.MIN_VALUE, Double.MAX_VALUE}) {
            assertThat(Activations.linear(x)).isEqualTo(x);
            assertThat(Activations.linear((float) x)).isEqualTo((float) x);
        }
    }

    // ------------------------------------------------------------------ tails and overflow

    @Test
    void sigmoidSaturatesWithoutOverflowAndKeepsItsNegativeTail() {
        assertThat(Activations.sigmoid(800.0)).isEqualTo(1.0);
        assertThat(Activations.sigmoid(-800.0)).isEqualTo(0.0);
        assertThat(Activations.sigmoid(50.0)).isEqualTo(1.0);
        assertThat(Activations.sigmoid(-50.0)).isEqualTo(1.9287498479639178e-22, within(Math.ulp(1.93e-22)));
        assertThat(Activations.sigmoid(-50f)).isEqualTo((float) 1.9287498479639178e-22);
        assertThat(Activations.sigmoid(800f)).isEqualTo(1f);
        assertThat(Activations.sigmoid(-800f)).isEqualTo(0f);
        assertThat(Activations.sigmoid(0.0)).isEqualTo(0.5);
        assertThat(Activations.sigmoid(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Activations.sigmoid(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void softplusIsStableForLargeAndTinyArguments() {
        // ln(1 + e^800) overflows naively; ln(1 + e^-50) rounds to 0 naively
        assertThat(Activations.softplus(800.0)).isEqualTo(800.0);
        assertThat(Activations.softplus(-800.0)).isEqualTo(0.0);
        assertThat(Activations.softplus(50.0)).isEqualTo(50.0);
        assertThat(Activations.softplus(-50.0)).isEqualTo(1.9287498479639178e-22, within(Math.ulp(1.93e-22)));
        assertThat(Activations.softplus(1e-30)).isEqualTo(0.6931471805599453);
        assertThat(Activations.softplus(0.0)).isEqualTo(0.6931471805599453);
        assertThat(Activations.softplus(89f)).isEqualTo(89f);
        assertThat(Activations.softplus(-50f)).isEqualTo((float) 1.9287498479639178e-22);
        assertThat(Activations.softplus(1e-30f)).isEqualTo((float) 0.6931471805599453);
        assertThat(Activations.softplus(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Activations.softplus(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    }

    @Test
    void siluTails() {
        assertThat(Activations.silu(800.0)).isEqualTo(800.0);
        assertThat(Activations.silu(-800.0)).isZero();
        assertThat(Activations.silu(-50.0)).isEqualTo(-9.643749239819589e-21, within(2 * Math.ulp(9.64e-21)));
        assertThat(Activations.silu(-50f)).isEqualTo((float) -9.643749239819589e-21);
        assertThat(Activations.silu(100f)).isEqualTo(100f);
    }

    @Test
    void geluIsTheExactErfForm() {
        assertThat(Activations.gelu(0.0)).isZero();
        assertThat(Activations.gelu(1.0)).isEqualTo(0.8413447460685429, within(Math.ulp(0.84)));
        assertThat(Activations.gelu(40.0)).isEqualTo(40.0);
        assertThat(Activations.gelu(-40.0)).isZero(); // the true value, -1.5e-348, underflows
        // 1 + erf(x/√2) would cancel to 0 here; erfc keeps the tail
        assertThat(Activations.gelu(-10.0)).isEqualTo(-7.619853024160526e-23, within(300 * Math.ulp(7.6e-23)));
        assertThat(Activations.gelu(-10f)).isEqualTo((float) -7.619853024160526e-23);
    }

    @Test
    void geluTanhAndMishAtOrdinaryArguments() {
        assertThat(Activations.geluTanh(1.0)).isEqualTo(0.8411919906082767, within(4 * Math.ulp(0.84)));
        assertThat(Activations.geluTanh(0.0)).isZero();
        assertThat(Activations.geluTanh(1e200)).isEqualTo(1e200); // x^3 overflows, tanh(inf) = 1: still x
        assertThat(Activations.mish(1.0)).isEqualTo(0.8650983882673103, within(5 * Math.ulp(0.865)));
        assertThat(Activations.mish(0.0)).isZero();
        assertThat(Activations.mish(800.0)).isEqualTo(800.0);
        assertThat(Activations.mish(-800.0)).isZero();
    }

    @Test
    void exponentialOverflowsToInfinity() {
        assertThat(Activations.exponential(709.78)).isEqualTo(1.7928227943945155e308, within(Math.ulp(1.79e308)));
        assertThat(Activations.exponential(710.0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Activations.exponential(-800.0)).isEqualTo(0.0);
        assertThat(Activations.exponential(88.7f)).isEqualTo((float) 3.325976864406685e38);
        assertThat(Activations.exponential(89f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Activations.exponential(0f)).isEqualTo(1f);
    }

    @Test
    void tanhSaturates() {
        assertThat(Activations.tanh(20.0)).isEqualTo(1.0);
        assertThat(Activations.tanh(-800f)).isEqualTo(-1f);
        assertThat(Activations.tanh(1e-30)).isEqualTo(1e-30);
    }

    /** Finite arguments never give NaN, in either precision, for any element-wise activation. */
    @Test
    void noElementWiseActivationTurnsAFiniteArgumentIntoNaN() {
        double[] xs = {-Double.MAX_VALUE, -1e300, -1e30, -800, -745, -710, -100, -50, -20, -3, -1, -1e-30,
            -Double.MIN_VALUE, 0, Double.MIN_VALUE, 1e-30, 1, 3, 20, 50, 100, 710, 800, 1e30, 1e300, Double.MAX_VALUE};
        for (Activation a : Activation.values()) {
            if (a.isRowWise()) {
                continue;
            }
            double[] args = ActivationCall.of(a).argumentArray();
            for (double x : xs) {
                double[] d = {x};
                a.apply(d, 0, 1, args);
                assertThat(d[0]).as("%s(%s)", a, x).isNotNaN();
                if (Float.isInfinite((float) x)) {
                    continue;
                }
                float[] f = {(float) x};
                a.apply(f, 0, 1, args);
                assertThat(f[0]).as("%s(%sf)", a, (float) x).isNotNaN();
            }
        }
    }

    /** Infinite arguments give the limit, for the activations whose formula allows it. */
    @Test
    void infiniteArgumentsGiveTheLimitWhereTheFormulaAllows() {
        double inf = Double.POSITIVE_INFINITY;
        assertLimits(Activations::relu, inf, 0);
        assertLimits(Activations::relu6, 6, 0);
        assertLimits(Activations::sigmoid, 1, 0);
        assertLimits(Activations::hardSigmoid, 1, 0);
        assertLimits(Activations::tanh, 1, -1);
        assertLimits(Activations::softplus, inf, 0);
        assertLimits(x -> Activations.elu(x, 1.0), inf, -1);
        assertLimits(Activations::selu, inf, -Activations.SELU_SCALE * Activations.SELU_ALPHA);
        assertLimits(Activations::exponential, inf, 0);
    }

    private static void assertLimits(DoubleUnaryOperator f, double atPlusInf, double atMinusInf) {
        assertThat(f.applyAsDouble(Double.POSITIVE_INFINITY)).isEqualTo(atPlusInf);
        assertThat(f.applyAsDouble(Double.NEGATIVE_INFINITY)).isEqualTo(atMinusInf);
    }

    // ------------------------------------------------------------------ row-wise

    @Test
    void softmaxOfHugeLogitsPicksTheMaximum() {
        assertThat(softmax(1e30, -1e30)).containsExactly(1, 0);
        assertThat(softmax(-1e30, 1e30, 0)).containsExactly(0, 1, 0);
        assertThat(softmax(1e30, 1e30)).containsExactly(0.5, 0.5);
        assertThat(softmax(1e30, 1, 2)).containsExactly(1, 0, 0);
        assertThat(softmaxF(1e30f, -1e30f)).containsExactly(1f, 0f);
        assertThat(softmaxF(Float.MAX_VALUE, -Float.MAX_VALUE)).containsExactly(1f, 0f);
        // e^1000 overflows a naive softmax; shifted by the maximum it is [e/(1+e), 1/(1+e)]
        assertThat(softmax(1000, 999)).containsExactly(new double[] {0.7310585786300049, 0.2689414213699951},
                within(2 * Math.ulp(0.73)));
        assertThat(softmaxF(1000f, 999f)).containsExactly(new float[] {0.7310586f, 0.26894143f},
                within(Math.ulp(0.73f)));
    }

    @Test
    void softmaxOfSpecialRows() {
        assertThat(softmax(5, 5, 5, 5)).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(softmaxF(0.1f, 0.1f, 0.1f)).containsExactly(1f / 3, 1f / 3, 1f / 3);
        assertThat(softmax(42)).containsExactly(1);
        assertThat(softmax(-1e30)).containsExactly(1);
        assertThat(softmaxF(-1e30f)).containsExactly(1f);
        double e = Math.E;
        assertThat(softmax(Double.NEGATIVE_INFINITY, 0, 1)).containsExactly(new double[] {0, 1 / (1 + e), e / (1 + e)},
                within(2 * Math.ulp(0.73)));
        assertThat(softmax(Double.NEGATIVE_INFINITY, -1e30)).containsExactly(0, 1);
        // the tutorial's first row of layer outputs, [4.8, 1.21, 2.385]
        assertThat(softmax(4.8, 1.21, 2.385)).containsExactly(
                new double[] {0.895282663957262, 0.02470830678209937, 0.08000902926063869}, within(1e-15));
    }

    @Test
    void logSoftmaxIsFiniteWhereSoftmaxUnderflows() {
        assertThat(logSoftmax(1e30, -1e30)).containsExactly(0, -2e30);
        assertThat(logSoftmaxF(1e30f, -1e30f)).containsExactly(0f, -2e30f);
        assertThat(logSoftmax(1e30, 1, 2)).containsExactly(0, 1 - 1e30, 2 - 1e30);
        assertThat(logSoftmax(0, -800)).containsExactly(0, -800);
        assertThat(logSoftmaxF(0f, -200f)).containsExactly(0f, -200f);
        assertThat(logSoftmax(42)).containsExactly(0);
        assertThat(logSoftmax(5, 5, 5, 5)).containsExactly(-Math.log(4), -Math.log(4), -Math.log(4), -Math.log(4));
        assertThat(logSoftmax(Double.NEGATIVE_INFINITY, 0, 0)).containsExactly(Double.NEGATIVE_INFINITY, -Math.log(2),
                -Math.log(2));
        assertThat(logSoftmaxF(Float.NEGATIVE_INFINITY, 0f)).containsExactly(Float.NEGATIVE_INFINITY, 0f);
        // (x - max) - ln Σ: 1000 and 999 give -ln(1 + 1/e) and -1 - ln(1 + 1/e)
        assertThat(logSoftmax(1000, 999)).containsExactly(new double[] {-0.3132616875182228, -1.3132616875182228},
                within(2 * Math.ulp(1.3)));
    }

    @Test
    void rowWiseFunctionsTouchOnlyTheirRow() {
        double[] v = {9, 9, 1, 2, 3, 9};
        Activations.softmax(v, 2, 3);
        assertThat(v[0]).isEqualTo(9);
        assertThat(v[1]).isEqualTo(9);
        assertThat(v[5]).isEqualTo(9);
        assertThat(v[2] + v[3] + v[4]).isEqualTo(1.0, within(1e-15));
        assertThat(new double[] {v[2], v[3], v[4]}).containsExactly(softmax(1, 2, 3));
        float[] f = {9, 1, 2, 9};
        Activations.logSoftmax(f, 1, 2);
        assertThat(f[0]).isEqualTo(9);
        assertThat(f[3]).isEqualTo(9);
        assertThat(new float[] {f[1], f[2]}).containsExactly(logSoftmaxF(1f, 2f));
    }

    private static double[] softmax(double... x) {
        double[] v = x.clone();
        Activations.softmax(v, 0, v.length);
        return v;
    }

    private static float[] softmaxF(float... x) {
        float[] v = x.clone();
        Activations.softmax(v, 0, v.length);
        return v;
    }

    private static double[] logSoftmax(double... x) {
        double[] v = x.clone();
        Activations.logSoftmax(v, 0, v.length);
        return v;
    }

    private static float[] logSoftmaxF(float... x) {
        float[] v = x.clone();
        Activations.logSoftmax(v, 0, v.length);
        return v;
    }

    @org.junit.jupiter.api.Test
    void reluScalarGivesReluValues() {
        float[] floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-45f, -1e-45f,
            3.5f, -3.5f, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (float x : floats) {
            org.assertj.core.api.Assertions.assertThat(Activations.reluScalar(x)).as("reluScalar(%s)", x)
                    .isEqualTo(Activations.relu(x), org.assertj.core.api.Assertions.offset(0f));
            org.assertj.core.api.Assertions.assertThat(Activations.reluScalar((double) x)).as("reluScalar(%s)", x)
                    .isEqualTo(Activations.relu((double) x), org.assertj.core.api.Assertions.offset(0d));
        }
        org.assertj.core.api.Assertions.assertThat(Activations.reluScalar(Float.NaN)).isNaN();
        org.assertj.core.api.Assertions.assertThat(Activations.reluScalar(Double.NaN)).isNaN();
    }
}
