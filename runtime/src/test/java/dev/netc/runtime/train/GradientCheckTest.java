package dev.netc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TrainingInterpreter#gradients} against central finite differences of {@link TrainingInterpreter#loss}
 * in double precision, on seeded random small networks: every activation (as a dense layer's activation and
 * as a standalone layer), every loss, every regularizer, layers with and without biases.
 *
 * <p>Tolerance: {@code |analytic − numeric| <= 1e-6·max(|analytic|, |numeric|) + 1e-8}. With {@code h = 1e-6}
 * the central difference's truncation error is about {@code h²·f''' ≈ 1e-12} and its rounding error about
 * {@code ε·|loss| / h ≈ 1e-10}, so the absolute floor of 1e-8 only covers gradients that are (nearly) zero;
 * a wrong derivative (a missing factor, a wrong sign, a wrong divisor N or OUT) is off by far more.
 *
 * <p>Draws keep every pre-activation at least {@link #KINK_DISTANCE} away from the kinks (0, ±3, 6) of relu,
 * relu6, leaky_relu, elu, selu, hard_sigmoid and hard_silu, outputs away from their MAE targets, weights
 * away from 0 (for l1), and softmax/sigmoid probabilities well inside the loss's {@code 1e-7} clip.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-8;
    private static final double KINK_DISTANCE = 1e-3;
    private static final double[] KINKS = {0, 3, -3, 6};
    private static final int ROWS = 5;

    static Stream<Arguments> activationsAndLosses() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation activation : Activation.values()) {
            for (Loss loss : Loss.values()) {
                cases.add(Arguments.of(activation, loss));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("activationsAndLosses")
    void gradientsMatchFiniteDifferences(Activation activation, Loss loss) {
        long seed = 31L * activation.ordinal() + loss.ordinal();
        Architecture architecture = network(activation, loss, Regularization.NONE, false);
        check(architecture, loss, seed);
    }

    static Stream<Arguments> regularizers() {
        return Stream.of(
                Arguments.of("l1", new Regularization(0.01, 0, 0, 0)),
                Arguments.of("l2", new Regularization(0, 0.02, 0, 0)),
                Arguments.of("bias_l1", new Regularization(0, 0, 0.03, 0)),
                Arguments.of("bias_l2", new Regularization(0, 0, 0, 0.04)),
                Arguments.of("all four", new Regularization(0.05, 0.06, 0.07, 0.08)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regularizers")
    void regularizationGradientsMatchFiniteDifferences(String name, Regularization regularization) {
        for (Loss loss : Loss.values()) {
            for (Activation activation : List.of(Activation.TANH, Activation.RELU, Activation.SOFTPLUS)) {
                Architecture architecture = network(activation, loss, regularization, false);
                check(architecture, loss, 1000L + 7L * loss.ordinal() + activation.ordinal());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regularizers")
    void regularizationAddsItsPenaltyToTheLoss(String name, Regularization regularization) {
        Architecture plain = network(Activation.TANH, Loss.MEAN_SQUARED_ERROR, Regularization.NONE, false);
        Architecture penalized = network(Activation.TANH, Loss.MEAN_SQUARED_ERROR, regularization, false);
        Random random = new Random(5);
        Weights weights = weights(penalized, random);
        double[][] inputs = rows(random, ROWS, penalized.inputSize());
        double[][] targets = rows(random, ROWS, penalized.outputSize());
        double expected = 0;
        for (DenseLayer dense : penalized.denseLayers()) {
            Regularization r = dense.regularization();
            for (double w : weights.doubles(dense.weightsKey())) {
                expected += r.l1() * Math.abs(w) + r.l2() * w * w;
            }
            if (dense.useBias()) {
                for (double b : weights.doubles(dense.biasesKey())) {
                    expected += r.biasL1() * Math.abs(b) + r.biasL2() * b * b;
                }
            }
        }
        double withPenalty = new TrainingInterpreter(weights, Loss.MEAN_SQUARED_ERROR, Optimizer.sgd(), 0)
                .loss(inputs, targets);
        double without = new TrainingInterpreter(Weights.of(plain, arrays(plain, weights)), Loss.MEAN_SQUARED_ERROR,
                Optimizer.sgd(), 0).loss(inputs, targets);
        assertThat(expected).isGreaterThan(0);
        assertThat(withPenalty - without).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
    }

    /** A standalone softmax after a linear dense layer, the fused gradient of categorical cross-entropy. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void standaloneLastActivationWithItsLoss(Activation hidden) {
        for (Loss loss : Loss.values()) {
            Architecture architecture = network(hidden, loss, new Regularization(0, 0.01, 0, 0.01), true);
            check(architecture, loss, 500L + hidden.ordinal() * 5L + loss.ordinal());
        }
    }

    static Stream<Activation> activations() {
        return Stream.of(Activation.values());
    }

    /**
     * {@code input 3; dense 3->5 A; dense 5->4 (no bias); A; dense 4->OUT LAST} where LAST is the activation the
     * loss needs (softmax, sigmoid) or A for the others; with {@code standaloneLast} the last dense layer is linear
     * and LAST a standalone layer after it.
     */
    private static Architecture network(Activation activation, Loss loss, Regularization regularization,
            boolean standaloneLast) {
        ActivationCall a = call(activation);
        ActivationCall last = loss.lastActivation().map(GradientCheckTest::call).orElse(a);
        int out = loss == Loss.BINARY_CROSSENTROPY ? 2 : 3;
        List<Layer> layers = new ArrayList<>();
        layers.add(dense("d0", 3, 5, a, true, regularization));
        layers.add(dense("d1", 5, 4, ActivationCall.of(Activation.LINEAR), false, regularization));
        layers.add(new ActivationLayer("act", 4, a));
        if (standaloneLast) {
            layers.add(dense("d2", 4, out, ActivationCall.of(Activation.LINEAR), true, regularization));
            layers.add(new ActivationLayer("last", out, last));
        } else {
            layers.add(dense("d2", 4, out, last, true, regularization));
        }
        return new Architecture("Check", 3, Precision.DOUBLE, OptionalLong.empty(), layers);
    }

    private static ActivationCall call(Activation activation) {
        // A parameter other than the default, so that it is read: leaky_relu(0.2), elu(0.7).
        return activation.parameters().isEmpty() ? ActivationCall.of(activation)
                : new ActivationCall(activation, List.of(activation == Activation.LEAKY_RELU ? 0.2 : 0.7));
    }

    static DenseLayer dense(String name, int in, int out, ActivationCall activation, boolean bias,
            Regularization regularization) {
        return new DenseLayer(name, in, out, activation, bias, InitializerCall.of(Initializer.GLOROT_UNIFORM),
                InitializerCall.of(Initializer.ZEROS), regularization);
    }

    private static void check(Architecture architecture, Loss loss, long seed) {
        Random random = new Random(seed);
        for (int attempt = 0; ; attempt++) {
            assertThat(attempt).as("a draw away from every kink").isLessThan(200);
            // exponential three times over grows fast: smaller weights keep its curvature (and so the
            // central difference's truncation error) small.
            boolean exponential = architecture.layers().stream()
                    .anyMatch(l -> l.activation().activation() == Activation.EXPONENTIAL);
            Weights weights = weights(architecture, random, exponential ? 0.3 : 1);
            double[][] inputs = rows(random, ROWS, architecture.inputSize());
            double[][] targets = targets(random, loss, ROWS, architecture.outputSize());
            if (!awayFromKinks(architecture, weights, inputs, targets, loss)) {
                continue;
            }
            TrainingInterpreter interpreter = new TrainingInterpreter(weights, loss, Optimizer.sgd(), 0);
            Map<String, double[]> gradients = interpreter.gradients(inputs, targets);
            int keys = 0;
            double largest = 0;
            for (DenseLayer dense : architecture.denseLayers()) {
                List<String> names = dense.useBias() ? List.of(dense.weightsKey(), dense.biasesKey())
                        : List.of(dense.weightsKey());
                assertThat(gradients).containsKeys(names.toArray(String[]::new));
                for (String key : names) {
                    keys++;
                    double[] analytic = gradients.get(key);
                    double[] values = interpreter.array(key);
                    assertThat(analytic).hasSameSizeAs(values);
                    for (int i = 0; i < values.length; i++) {
                        double saved = values[i];
                        values[i] = saved + H;
                        double plus = interpreter.loss(inputs, targets);
                        values[i] = saved - H;
                        double minus = interpreter.loss(inputs, targets);
                        values[i] = saved;
                        double numeric = (plus - minus) / (2 * H);
                        largest = Math.max(largest, Math.abs(numeric));
                        double tolerance = RTOL * Math.max(Math.abs(analytic[i]), Math.abs(numeric)) + ATOL;
                        assertThat(Math.abs(analytic[i] - numeric))
                                .as("%s: d loss / d %s[%d]: analytic %s, numeric %s", architecture.layers(), key, i,
                                        analytic[i], numeric)
                                .isLessThanOrEqualTo(tolerance);
                    }
                }
            }
            assertThat(gradients).hasSize(keys);
            // The check means something only if the loss does depend on the weights.
            assertThat(largest).isGreaterThan(1e-4);
            return;
        }
    }

    /** Weights uniform in ±[0.15, 0.85]: never near 0 (l1's kink), small enough to keep exp and softmax tame. */
    static Weights weights(Architecture architecture, Random random) {
        return weights(architecture, random, 1);
    }

    /** As {@link #weights(Architecture, Random)}, times {@code scale}. */
    static Weights weights(Architecture architecture, Random random, double scale) {
        List<NpyArray> arrays = new ArrayList<>();
        for (DenseLayer dense : architecture.denseLayers()) {
            arrays.add(NpyArray.ofDoubles(dense.weightsKey(), new int[] {dense.inputSize(), dense.outputSize()},
                    awayFromZero(random, dense.inputSize() * dense.outputSize(), scale)));
            if (dense.useBias()) {
                arrays.add(NpyArray.ofDoubles(dense.biasesKey(), new int[] {dense.outputSize()},
                        awayFromZero(random, dense.outputSize(), scale)));
            }
        }
        return Weights.of(architecture, arrays);
    }

    private static List<NpyArray> arrays(Architecture architecture, Weights weights) {
        List<NpyArray> arrays = new ArrayList<>();
        for (DenseLayer dense : architecture.denseLayers()) {
            arrays.add(NpyArray.ofDoubles(dense.weightsKey(), new int[] {dense.inputSize(), dense.outputSize()},
                    weights.doubles(dense.weightsKey())));
            if (dense.useBias()) {
                arrays.add(NpyArray.ofDoubles(dense.biasesKey(), new int[] {dense.outputSize()},
                        weights.doubles(dense.biasesKey())));
            }
        }
        return arrays;
    }

    private static double[] awayFromZero(Random random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (0.15 + 0.7 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        }
        return v;
    }

    static double[][] rows(Random random, int rows, int width) {
        double[][] v = new double[rows][width];
        for (double[] row : v) {
            for (int j = 0; j < width; j++) {
                row[j] = 2 * random.nextDouble() - 1;
            }
        }
        return v;
    }

    /** One-hot rows for categorical, 0, 1 or a fraction for binary cross-entropy, any values for the others. */
    private static double[][] targets(Random random, Loss loss, int rows, int width) {
        double[][] t = new double[rows][width];
        for (int r = 0; r < rows; r++) {
            switch (loss) {
                case CATEGORICAL_CROSSENTROPY -> t[r][random.nextInt(width)] = 1;
                case BINARY_CROSSENTROPY -> {
                    for (int j = 0; j < width; j++) {
                        int kind = random.nextInt(3);
                        t[r][j] = kind == 0 ? 0 : kind == 1 ? 1 : random.nextDouble();
                    }
                }
                default -> {
                    for (int j = 0; j < width; j++) {
                        t[r][j] = 2 * random.nextDouble() - 1;
                    }
                }
            }
        }
        return t;
    }

    /**
     * Recomputes the forward pass here (independently of the code under test) and refuses a draw where a
     * pre-activation is near a kink, an MAE output near its target, or a probability near the clip.
     */
    private static boolean awayFromKinks(Architecture architecture, Weights weights, double[][] inputs,
            double[][] targets, Loss loss) {
        for (int r = 0; r < inputs.length; r++) {
            double[] x = inputs[r].clone();
            for (Layer layer : architecture.layers()) {
                double[] z;
                if (layer instanceof DenseLayer dense) {
                    double[] w = weights.doubles(dense.weightsKey());
                    double[] b = dense.useBias() ? weights.doubles(dense.biasesKey()) : new double[dense.outputSize()];
                    z = new double[dense.outputSize()];
                    for (int j = 0; j < z.length; j++) {
                        double sum = b[j];
                        for (int k = 0; k < x.length; k++) {
                            sum += x[k] * w[k * z.length + j];
                        }
                        z[j] = sum;
                    }
                } else {
                    z = x.clone();
                }
                for (double v : z) {
                    for (double kink : KINKS) {
                        if (Math.abs(v - kink) < KINK_DISTANCE) {
                            return false;
                        }
                    }
                }
                layer.activation().activation().apply(z, 0, z.length, layer.activation().argumentArray());
                x = z;
            }
            for (int j = 0; j < x.length; j++) {
                if (loss == Loss.MEAN_ABSOLUTE_ERROR && Math.abs(x[j] - targets[r][j]) < KINK_DISTANCE) {
                    return false;
                }
                if (loss.isClassification() && (x[j] < 1e-4 || x[j] > 1 - 1e-4)) {
                    return false;
                }
            }
        }
        return true;
    }
}
