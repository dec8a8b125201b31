package dev.netc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Every optimizer's update against two steps worked out here from the spec's formulas (§6), value by value,
 * in double and in float: {@code t} (the steps taken before) drives the decay and Adam's bias correction, and
 * the state carried from the first step into the second must be the book's.
 */
class OptimizerTest {
    private static final double[] W = {0.5, -0.25, 1.5};
    private static final double[] G1 = {0.2, -0.4, 0.05};
    private static final double[] G2 = {-0.1, 0.3, 0.6};

    @Test
    void plainSgd() {
        Optimizer sgd = Optimizer.parse("sgd(0.5)");
        double[] w = W.clone();
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = W[i] - 0.5 * G1[i] - 0.5 * G2[i];
        }
        sgd.update(w, G1.clone(), 3, null, null, 0);
        sgd.update(w, G2.clone(), 3, null, null, 1);
        assertThat(w).containsExactly(expected, within(1e-15));
        // Literally: 0.5 − 0.5·0.2 + 0.5·0.1 = 0.45.
        assertThat(w[0]).isCloseTo(0.45, within(1e-15));
        assertThat(sgd.stateArrays()).isZero();
        assertFloatMatches(sgd, expected, null, null);
    }

    @Test
    void sgdWithMomentumAndDecay() {
        Optimizer sgd = Optimizer.parse("sgd(lr=0.5, decay=0.1, momentum=0.9)");
        double[] w = W.clone();
        double[] v = new double[3];
        double[] expected = W.clone();
        double[] expectedV = new double[3];
        double lr0 = 0.5 / (1 + 0.1 * 0);
        double lr1 = 0.5 / (1 + 0.1 * 1);
        for (int i = 0; i < 3; i++) {
            double v1 = 0.9 * 0 - lr0 * G1[i];
            double v2 = 0.9 * v1 - lr1 * G2[i];
            expected[i] = W[i] + v1 + v2;
            expectedV[i] = v2;
        }
        sgd.update(w, G1.clone(), 3, v, null, 0);
        sgd.update(w, G2.clone(), 3, v, null, 1);
        assertThat(w).containsExactly(expected, within(1e-15));
        assertThat(v).containsExactly(expectedV, within(1e-15));
        // Literally: v1 = −0.1, v2 = −0.09 + 0.5/1.1·0.1 = −0.044545..., w = 0.5 − 0.1 − 0.044545...
        assertThat(w[0]).isCloseTo(0.5 - 0.1 - 0.09 + 0.05 / 1.1, within(1e-15));
        assertThat(sgd.stateArrays()).isEqualTo(1);
        assertFloatMatches(sgd, expected, expectedV, null);
    }

    @Test
    void adagradWithDecay() {
        Optimizer adagrad = Optimizer.parse("adagrad(lr=0.3, decay=0.5, epsilon=1e-3)");
        double[] w = W.clone();
        double[] cache = new double[3];
        double[] expected = new double[3];
        double[] expectedCache = new double[3];
        for (int i = 0; i < 3; i++) {
            double c1 = G1[i] * G1[i];
            double w1 = W[i] - 0.3 * G1[i] / (Math.sqrt(c1) + 1e-3);
            double c2 = c1 + G2[i] * G2[i];
            expected[i] = w1 - 0.3 / (1 + 0.5) * G2[i] / (Math.sqrt(c2) + 1e-3);
            expectedCache[i] = c2;
        }
        adagrad.update(w, G1.clone(), 3, cache, null, 0);
        adagrad.update(w, G2.clone(), 3, cache, null, 1);
        assertThat(w).containsExactly(expected, within(1e-15));
        assertThat(cache).containsExactly(expectedCache, within(1e-15));
        assertThat(adagrad.stateArrays()).isEqualTo(1);
        assertFloatMatches(adagrad, expected, expectedCache, null);
    }

    @Test
    void rmspropWithDecay() {
        Optimizer rmsprop = Optimizer.parse("rmsprop(lr=0.02, decay=0.25, epsilon=1e-4, rho=0.8)");
        double[] w = W.clone();
        double[] cache = new double[3];
        double[] expected = new double[3];
        double[] expectedCache = new double[3];
        for (int i = 0; i < 3; i++) {
            double c1 = 0.8 * 0 + 0.2 * G1[i] * G1[i];
            double w1 = W[i] - 0.02 * G1[i] / (Math.sqrt(c1) + 1e-4);
            double c2 = 0.8 * c1 + 0.2 * G2[i] * G2[i];
            expected[i] = w1 - 0.02 / 1.25 * G2[i] / (Math.sqrt(c2) + 1e-4);
            expectedCache[i] = c2;
        }
        rmsprop.update(w, G1.clone(), 3, cache, null, 0);
        rmsprop.update(w, G2.clone(), 3, cache, null, 1);
        assertThat(w).containsExactly(expected, within(1e-15));
        assertThat(cache).containsExactly(expectedCache, within(1e-15));
        assertFloatMatches(rmsprop, expected, expectedCache, null);
    }

    @Test
    void adamWithDecay() {
        Optimizer adam = Optimizer.parse("adam(lr=0.05, decay=0.2, epsilon=1e-6, beta_1=0.8, beta_2=0.95)");
        assertAdam(adam, 0.05, 0.2, 1e-6, 0.8, 0.95);
    }

    @Test
    void adamWithTheBooksDefaults() {
        assertAdam(Optimizer.parse("adam"), 0.001, 0, 1e-7, 0.9, 0.999);
        assertAdam(Optimizer.adam(), 0.001, 0, 1e-7, 0.9, 0.999);
    }

    private static void assertAdam(Optimizer adam, double lr, double decay, double eps, double b1, double b2) {
        double[] w = W.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        double[] expected = new double[3];
        double[] expectedM = new double[3];
        double[] expectedV = new double[3];
        for (int i = 0; i < 3; i++) {
            double m1 = (1 - b1) * G1[i];
            double v1 = (1 - b2) * G1[i] * G1[i];
            // t = 0: lr_t = lr, corrections 1 − β^1.
            double w1 = W[i] - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
            double m2 = b1 * m1 + (1 - b1) * G2[i];
            double v2 = b2 * v1 + (1 - b2) * G2[i] * G2[i];
            // t = 1: lr_t = lr / (1 + decay), corrections 1 − β^2.
            expected[i] = w1 - lr / (1 + decay) * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
            expectedM[i] = m2;
            expectedV[i] = v2;
        }
        adam.update(w, G1.clone(), 3, m, v, 0);
        adam.update(w, G2.clone(), 3, m, v, 1);
        assertThat(w).containsExactly(expected, within(1e-15));
        assertThat(m).containsExactly(expectedM, within(1e-15));
        assertThat(v).containsExactly(expectedV, within(1e-15));
        assertThat(adam.stateArrays()).isEqualTo(2);
        assertFloatMatches(adam, expected, expectedM, expectedV);
    }

    /** The first step of Adam moves each value by about lr against its gradient's sign, whatever its size. */
    @Test
    void adamsFirstStepIsAboutTheLearningRate() {
        double[] w = {0, 0, 0};
        Optimizer.adam(0.01).update(w, new double[] {1e-3, -50, 2}, 3, new double[3], new double[3], 0);
        assertThat(w).containsExactly(new double[] {-0.01, 0.01, -0.01}, within(1e-5));
    }

    @Test
    void onlyTheFirstNValuesChange() {
        for (Optimizer optimizer : new Optimizer[] {Optimizer.sgd(0.1), Optimizer.sgd(0.1).withMomentum(0.5),
                Optimizer.adagrad(0.1), Optimizer.rmsprop(0.1), Optimizer.adam(0.1)}) {
            double[] w = {1, 2, 3};
            optimizer.update(w, new double[] {1, 1, 1}, 2, new double[3], new double[3], 0);
            assertThat(w[2]).as("%s", optimizer).isEqualTo(3);
            assertThat(w[0]).as("%s", optimizer).isLessThan(1);
        }
    }

    @Test
    void learningRateDecaysWithTheStepsTaken() {
        Optimizer sgd = Optimizer.sgd(0.5).withDecay(0.1);
        assertThat(sgd.learningRate(0)).isEqualTo(0.5);
        assertThat(sgd.learningRate(10)).isCloseTo(0.25, within(1e-15));
        assertThat(Optimizer.adam(0.02).withDecay(1e-3).learningRate(1000)).isCloseTo(0.01, within(1e-15));
    }

    /** The float overload, in float arithmetic, within float rounding of the values worked out in double. */
    private static void assertFloatMatches(Optimizer optimizer, double[] expected, double[] first, double[] second) {
        float[] w = toFloats(W);
        float[] m = new float[3];
        float[] c = new float[3];
        optimizer.update(w, toFloats(G1), 3, first == null ? null : m, second == null ? null : c, 0);
        optimizer.update(w, toFloats(G2), 3, first == null ? null : m, second == null ? null : c, 1);
        for (int i = 0; i < 3; i++) {
            assertThat((double) w[i]).as("%s float w[%d]", optimizer, i)
                    .isCloseTo(expected[i], within(1e-6 * Math.max(1, Math.abs(expected[i]))));
            if (first != null) {
                assertThat((double) m[i]).as("%s float state[%d]", optimizer, i)
                        .isCloseTo(first[i], within(1e-6 * Math.max(1e-3, Math.abs(first[i]))));
            }
            if (second != null) {
                assertThat((double) c[i]).as("%s float second state[%d]", optimizer, i)
                        .isCloseTo(second[i], within(1e-6 * Math.max(1e-3, Math.abs(second[i]))));
            }
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
