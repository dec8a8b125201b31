package dev.netc.runtime;

import static dev.netc.runtime.Networks.activation;
import static dev.netc.runtime.Networks.dense;
import static dev.netc.runtime.Networks.network;
import static dev.netc.runtime.Networks.twoLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interpreter reproduces the tutorial's numbers: NumPy's layer outputs for the same seeded
 * weights and inputs (printed by {@code src/test/resources/reference/make_reference.py}).
 *
 * <p>Tolerances: a dense output is a sum of products, whose rounding error is bounded relative to
 * the sum of the magnitudes of its terms, Σ|x_i w_ij| + |b_j|, not to the (possibly cancelling)
 * result. Float results may differ from NumPy's float32 ones by 1e-6 of that scale, double results
 * from NumPy's float64 ones by 1e-14 (NumPy's BLAS may sum in another order). Softmax outputs,
 * which do not cancel, are compared relative to themselves with the same factors.
 */
class InterpreterTest {

    private static final float[][] TUTORIAL_X = {{1, 2, 3, 2.5f}, {2, 5, -1, 2}, {-1.5f, 2.7f, 3.3f, -0.8f}};

    // np.random.seed(0); W1 = 0.1 randn(4, 4); W2 = 0.1 randn(4, 4); per layer in float32
    private static final float[] Z1_F32 = {0.7092105746269226f, -0.001841545570641756f, 0.4420703649520874f,
        0.713518500328064f, 1.4491188526153564f, -0.42533236742019653f, 0.7451601028442383f, 0.2938075661659241f,
        0.14468760788440704f, -0.19812512397766113f, 0.121738500893116f, 0.07621586322784424f};
    private static final float[] R1_F32 = {0.7092105746269226f, 0.0f, 0.4420703649520874f, 0.713518500328064f,
        1.4491188526153564f, 0.0f, 0.7451601028442383f, 0.2938075661659241f, 0.14468760788440704f, 0.0f,
        0.121738500893116f, 0.07621586322784424f};
    private static final float[] Z2_F32 = {0.31566742062568665f, 0.025998232886195183f, 0.035281725227832794f,
        -0.041865620762109756f, 0.4306770861148834f, -0.09493251889944077f, 0.05332944542169571f,
        -0.12660610675811768f, 0.060931332409381866f, -0.009474771097302437f, 0.00626770406961441f,
        -0.011754256673157215f};
    private static final float[] S2_F32 = {0.31216803193092346f, 0.2336612492799759f, 0.2358405590057373f,
        0.21833018958568573f, 0.3509220480918884f, 0.20746329426765442f, 0.24061942100524902f,
        0.20099520683288574f, 0.26255595684051514f, 0.24470612406730652f, 0.2485889047384262f,
        0.24414896965026855f};
    // the same in float64
    private static final double[] Z1_F64 = {0.7092106083754409, -0.0018415504338410707, 0.44207036145031164,
        0.7135185121930655, 1.449118894477271, -0.4253323451600324, 0.7451600950169399, 0.2938075504699985,
        0.14468756634170804, -0.1981251045014779, 0.12173849497950394, 0.07621588498724324};
    private static final double[] R1_F64 = {0.7092106083754409, 0.0, 0.44207036145031164, 0.7135185121930655,
        1.449118894477271, 0.0, 0.7451600950169399, 0.2938075504699985, 0.14468756634170804, 0.0,
        0.12173849497950394, 0.07621588498724324};
    private static final double[] Z2_F64 = {0.3156674320014341, 0.025998230686768913, 0.035281727608482666,
        -0.041865623276590554, 0.4306770892413508, -0.09493252797085523, 0.053329446640871726,
        -0.12660612054216722, 0.060931330122665134, -0.009474765926295124, 0.00626770320568181,
        -0.011754252302851728};
    private static final double[] S2_F64 = {0.3121680286755818, 0.23366124487027054, 0.23584053839858907,
        0.21833018805555862, 0.35092206882114296, 0.20746332051680136, 0.24061942358536564, 0.2009951870766901,
        0.2625559515153097, 0.24470615219037284, 0.24858891317321385, 0.24414898312110359};

    /** The tutorial's {@code Layer_Dense(3, 3)}: {@code dense 3 -> 3;} with {@code seed 0}. */
    @Test
    void denseLayerOfTheTutorial() {
        Architecture arch = network("LayerDense", 3, Precision.FLOAT, dense("dense_0", 3, 3, Activation.LINEAR));
        Interpreter net = new Interpreter(Weights.random(arch, 0));
        float[][] x = {{1, 2, 3}, {4, 5, 6}};
        float[][] y = net.predict(x);
        // np.random.seed(0); X @ (0.1 * np.random.randn(3, 3)).astype(np.float32)
        float[] numpy = {0.9096104502677917f, 0.3681201934814453f, -0.12854743003845215f, 2.396120548248291f,
            1.0030275583267212f, -0.159075066447258f};
        double[][] w = rows(WeightsTest.SEED0_W1, 3, 3); // the first 9 draws are the 3 x 3 matrix
        assertDense(y, numpy, x, w, 1e-6);
        assertThat(net.architecture()).isSameAs(arch);
    }

    @Test
    void twoLayerNetworkOfTheTutorialInFloat() {
        Interpreter net = new Interpreter(Weights.random(twoLayer(Precision.FLOAT), 0));
        List<float[][]> outputs = net.layerOutputs(TUTORIAL_X);
        assertThat(outputs).hasSize(2);
        assertSoftmax(outputs.get(1), S2_F32, 1e-6);
        assertDense(outputs.get(0), R1_F32, TUTORIAL_X, rows(WeightsTest.SEED0_W1, 4, 4), 1e-6);
        assertThat(net.predict(TUTORIAL_X)).isDeepEqualTo(outputs.get(1));
    }

    /** The notebook's form, one object per statement: dense, relu, dense, softmax; four outputs in order. */
    @Test
    void standaloneActivationsGiveOneOutputEachInOrder() {
        Architecture arch = network("TwoLayer", 4, Precision.FLOAT,
                dense("dense1", 4, 4, Activation.LINEAR),
                activation("activation_0", 4, ActivationCall.of(Activation.RELU)),
                dense("dense2", 4, 4, Activation.LINEAR),
                activation("activation_1", 4, ActivationCall.of(Activation.SOFTMAX)));
        Interpreter net = new Interpreter(Weights.random(arch, 0));
        List<float[][]> outputs = net.layerOutputs(TUTORIAL_X);
        assertThat(outputs).hasSize(4);
        double[][] w1 = rows(WeightsTest.SEED0_W1, 4, 4);
        assertDense(outputs.get(0), Z1_F32, TUTORIAL_X, w1, 1e-6);
        assertDense(outputs.get(1), R1_F32, TUTORIAL_X, w1, 1e-6);
        assertDense(outputs.get(2), Z2_F32, outputs.get(1), rows(WeightsTest.SEED0_W2, 4, 4), 1e-6);
        assertSoftmax(outputs.get(3), S2_F32, 1e-6);
        // the same network written with inline activations computes the same bits
        Interpreter inline = new Interpreter(Weights.random(twoLayer(Precision.FLOAT), 0));
        assertThat(net.predict(TUTORIAL_X)).isDeepEqualTo(inline.predict(TUTORIAL_X));
    }

    /**
     * Dropout is the identity outside training, wherever it stands (first, between layers, last,
     * with a rate of 0 or 0.9): each gives its input back bit for bit, and the network computes what
     * it computes without them, in both precisions. Dropout draws no weights, so the same seed gives
     * the same dense weights.
     */
    @Test
    void dropoutLayersPassTheirInputThroughUnchanged() {
        Architecture withDropout = network("TwoLayer", 4, Precision.FLOAT,
                new DropoutLayer("dropout_0", 4, 0.9),
                dense("dense_0", 4, 4, Activation.RELU),
                new DropoutLayer("dropout_1", 4, 0.5),
                dense("dense_1", 4, 4, Activation.SOFTMAX),
                new DropoutLayer("dropout_2", 4, 0));
        Interpreter net = new Interpreter(Weights.random(withDropout, 0));
        List<float[][]> outputs = net.layerOutputs(TUTORIAL_X);

        assertThat(outputs).hasSize(5);
        assertThat(outputs.get(0)).isDeepEqualTo(TUTORIAL_X).isNotSameAs(TUTORIAL_X);
        assertThat(outputs.get(2)).isDeepEqualTo(outputs.get(1));
        assertThat(outputs.get(4)).isDeepEqualTo(outputs.get(3));
        assertSoftmax(outputs.get(4), S2_F32, 1e-6);
        assertThat(net.predict(TUTORIAL_X))
                .isDeepEqualTo(new Interpreter(Weights.random(twoLayer(Precision.FLOAT), 0)).predict(TUTORIAL_X));

        Architecture doubles = network("TwoLayer", 4, Precision.DOUBLE, withDropout.layers().toArray(Layer[]::new));
        double[][] x = {{1, 2, 3, 2.5}, {2, 5, -1, 2}, {-1.5, 2.7, 3.3, -0.8}};
        assertThat(new Interpreter(Weights.random(doubles, 0)).predict(x))
                .isDeepEqualTo(new Interpreter(Weights.random(twoLayer(Precision.DOUBLE), 0)).predict(x));
    }

    /** {@code input 3; dropout 0.5;}: a network of a dropout alone returns its input. */
    @Test
    void networkOfADropoutAloneReturnsItsInput() {
        Architecture arch = network("JustDropout", 3, Precision.FLOAT, new DropoutLayer("dropout_0", 3, 0.5));
        float[][] x = {{1, -2, 3}, {Float.NaN, Float.POSITIVE_INFINITY, -0f}};
        float[][] y = new Interpreter(Weights.random(arch, 0)).predict(x);
        for (int r = 0; r < x.length; r++) {
            // Arrays.equals compares bits: NaN equals NaN, -0 differs from 0.
            assertThat(Arrays.equals(y[r], x[r])).as("row %d", r).isTrue();
        }
    }

    @Test
    void twoLayerNetworkOfTheTutorialInDouble() {
        Architecture arch = network("TwoLayer", 4, Precision.DOUBLE,
                dense("dense_0", 4, 4, Activation.LINEAR),
                activation("activation_0", 4, ActivationCall.of(Activation.RELU)),
                dense("dense_1", 4, 4, Activation.SOFTMAX));
        Interpreter net = new Interpreter(Weights.random(arch, 0));
        double[][] x = {{1, 2, 3, 2.5}, {2, 5, -1, 2}, {-1.5, 2.7, 3.3, -0.8}};
        List<double[][]> outputs = net.layerOutputs(x);
        assertThat(outputs).hasSize(3);
        double[][] w1 = rows(WeightsTest.SEED0_W1, 4, 4);
        assertDense(outputs.get(0), Z1_F64, x, w1, 1e-14);
        assertDense(outputs.get(1), R1_F64, x, w1, 1e-14);
        assertSoftmax(outputs.get(2), S2_F64, 1e-14);
        assertThat(net.predict(x)).isDeepEqualTo(outputs.get(2));
        // the double path really computes in double: float32 results are 1e-7 away
        assertThat(Math.abs(outputs.get(2)[0][0] - S2_F32[0])).isGreaterThan(1e-9);
    }

    /** {@code dense 3 -> 3 bias=false; dense 3 -> 2 bias_init=uniform(-1, 1);}: X @ W1 @ W2 + b2. */
    @Test
    void layerWithoutBiasAndLayerWithRandomBias() {
        Architecture arch = WeightsTest.biasFalseThenUniformBias(Precision.DOUBLE);
        Interpreter net = new Interpreter(Weights.random(arch, 0));
        double[][] y = net.predict(new double[][] {{1, 2, 3}, {4, 5, 6}});
        double[] numpy = {1.046555789187334, 0.6337290661843668, 1.1995531306255438, 0.7021051289152459};
        for (int i = 0; i < 4; i++) {
            assertThat(y[i / 2][i % 2]).isCloseTo(numpy[i], within(1e-14));
        }
    }

    /** Non-zero biases from a NumPy file are added once per output (the fixture's values, checked by hand). */
    @Test
    void biasesFromAFileAreAdded() throws IOException, URISyntaxException {
        Path file = Path.of(InterpreterTest.class.getResource("/reference/two_layer_f8_fortran.npz").toURI());
        Architecture two = network("T", 4, Precision.DOUBLE, dense("dense_0", 4, 4, Activation.LINEAR),
                dense("dense_1", 4, 4, Activation.LINEAR));
        Interpreter net = new Interpreter(Weights.read(two, file));
        double[] x = {1, 0, 0, 0};
        double[][] out = net.layerOutputs(new double[][] {x}).get(0);
        // row 0 of W0 plus b0: [0.1, -0.3125, -0.25, -0.1875] + [0.5, -0.25, 0.125, 1e-3]
        assertThat(out[0]).containsExactly(0.1 + 0.5, -0.3125 - 0.25, -0.25 + 0.125, -0.1875 + 1e-3);

        Architecture floats = network("T", 4, Precision.FLOAT, dense("dense_0", 4, 4, Activation.LINEAR),
                dense("dense_1", 4, 4, Activation.LINEAR));
        Interpreter f = new Interpreter(Weights.read(floats, file));
        float[][] first = f.layerOutputs(new float[][] {{1, 0, 0, 0}, {0, 0, 0, 0}}).get(0);
        assertThat(first[0]).containsExactly(0.1f + 0.5f, -0.3125f - 0.25f, -0.25f + 0.125f, -0.1875f + 1e-3f);
        assertThat(first[1]).containsExactly(0.5f, -0.25f, 0.125f, 1e-3f);
        // a zero row makes the first layer's output b0, so the second's is b0 @ W1 + b1 with
        // W1[i][j] = 2 W0[j][i] and b1 = -1 (within 1e-6 of values below 2: float rounding)
        float[][] second = f.predict(new float[][] {{0, 0, 0, 0}});
        double[] b0 = {0.5, -0.25, 0.125, 1e-3};
        for (int j = 0; j < 4; j++) {
            double expected = -1;
            for (int i = 0; i < 4; i++) {
                double w0ji = j == 0 && i == 0 ? 0.1 : (j - 1.5) / 4 + i / 16.0;
                expected += b0[i] * 2 * w0ji;
            }
            assertThat((double) second[0][j]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void standaloneActivationWithAnArgument() {
        Architecture arch = network("Leaky", 4, Precision.FLOAT,
                dense("dense_0", 4, 4, Activation.LINEAR),
                activation("activation_0", 4, new ActivationCall(Activation.LEAKY_RELU, List.of(0.2))));
        Interpreter net = new Interpreter(Weights.random(arch, 0));
        List<float[][]> outputs = net.layerOutputs(TUTORIAL_X);
        assertDense(outputs.get(0), Z1_F32, TUTORIAL_X, rows(WeightsTest.SEED0_W1, 4, 4), 1e-6);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 4; j++) {
                float z = outputs.get(0)[r][j];
                assertThat(outputs.get(1)[r][j]).isEqualTo(z > 0 ? z : 0.2f * z);
            }
        }
        assertThat(outputs.get(1)[0][1]).isNegative(); // z1[0][1] = -0.0018 is scaled, not zeroed
    }

    @Test
    void wrongInputWidthNamesBothWidthsAndTheRow() {
        Interpreter net = new Interpreter(Weights.random(twoLayer(Precision.FLOAT), 0));
        assertThatThrownBy(() -> net.predict(new float[][] {{1, 2, 3, 4}, {1, 2, 3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected inputs of width 4 but row 1 has width 3");
        assertThatThrownBy(() -> net.predict(new double[][] {{1, 2, 3, 4, 5}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected inputs of width 4 but row 0 has width 5");
        assertThatThrownBy(() -> net.layerOutputs(new float[][] {{}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected inputs of width 4 but row 0 has width 0");
    }

    @Test
    void predictLeavesItsInputAloneAndHandlesEmptyBatches() {
        Interpreter net = new Interpreter(Weights.random(twoLayer(Precision.FLOAT), 0));
        float[][] x = {{1, -2, 3, -4}};
        net.predict(x);
        assertThat(x[0]).containsExactly(1, -2, 3, -4);
        assertThat(net.predict(new float[0][])).isEmpty();
        assertThat(net.predict(new double[0][])).isEmpty();

        Architecture onlyActivation = network("A", 2, Precision.FLOAT,
                activation("activation_0", 2, ActivationCall.of(Activation.RELU)));
        float[][] in = {{-1, 1}};
        float[][] out = new Interpreter(Weights.random(onlyActivation, 0)).predict(in);
        assertThat(out[0]).containsExactly(0, 1);
        assertThat(in[0]).containsExactly(-1, 1);
    }

    @Test
    void aNetworkWithoutLayersReturnsACopyOfItsInput() {
        Interpreter net = new Interpreter(Weights.random(network("Empty", 3, Precision.DOUBLE), 0));
        double[][] x = {{1, 2, 3}};
        double[][] y = net.predict(x);
        assertThat(y).isDeepEqualTo(x).isNotSameAs(x);
        assertThat(y[0]).isNotSameAs(x[0]);
        assertThat(net.layerOutputs(x)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Each expected dense output within {@code rel} of Σ|x_i w_ij| (zeros, from relu, exactly). */
    private static void assertDense(float[][] actual, float[] expected, float[][] x, double[][] w, double rel) {
        assertDense(toDoubles(actual), toDoubles(expected), toDoubles(x), w, rel);
    }

    private static void assertDense(double[][] actual, double[] expected, double[][] x, double[][] w, double rel) {
        int out = w[0].length;
        assertThat(actual).hasNumberOfRows(expected.length / out);
        for (int r = 0; r < actual.length; r++) {
            assertThat(actual[r]).hasSize(out);
            for (int j = 0; j < out; j++) {
                double e = expected[r * out + j];
                if (e == 0) {
                    assertThat(actual[r][j]).as("[%d][%d]", r, j).isZero();
                    continue;
                }
                double scale = 0;
                for (int i = 0; i < x[r].length; i++) {
                    scale += Math.abs(x[r][i] * w[i][j]);
                }
                assertThat(Math.abs(actual[r][j] - e)).as("[%d][%d] = %s, NumPy %s", r, j, actual[r][j], e)
                        .isLessThanOrEqualTo(rel * scale);
            }
        }
    }

    private static void assertSoftmax(float[][] actual, float[] expected, double rel) {
        assertSoftmax(toDoubles(actual), toDoubles(expected), rel);
    }

    private static void assertSoftmax(double[][] actual, double[] expected, double rel) {
        int n = actual[0].length;
        assertThat(actual).hasNumberOfRows(expected.length / n);
        for (int r = 0; r < actual.length; r++) {
            for (int j = 0; j < n; j++) {
                double e = expected[r * n + j];
                assertThat(Math.abs(actual[r][j] - e)).as("[%d][%d] = %s, NumPy %s", r, j, actual[r][j], e)
                        .isLessThanOrEqualTo(rel * e);
            }
        }
    }

    private static double[][] rows(double[] values, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values, i * cols, out[i], 0, cols);
        }
        return out;
    }

    private static double[][] toDoubles(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = toDoubles(x[i]);
        }
        return out;
    }

    private static double[] toDoubles(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
