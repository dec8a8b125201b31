package dev.netc.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Interpreter;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzWriter;
import dev.netc.runtime.train.Epoch;
import dev.netc.runtime.train.Fit;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Loss;
import dev.netc.runtime.train.Optimizer;
import dev.netc.runtime.train.TrainingInterpreter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated {@code Trainer} (spec §6) against the double-precision {@link TrainingInterpreter}: on seeded
 * networks in float and double (small and looped-sized, every activation as a dense layer's and as a standalone
 * one, standalone softmax, layers without bias, regularization, dropout with rate 0) it takes {@value #STEPS}
 * steps with every loss and optimizer on batches of changing sizes, and each step's loss and the final weights
 * must agree within 1e-9 relative in double and 1e-4 in float. Then {@code network()}, {@code evaluate},
 * {@code fit} (batches, shuffling, validation, accuracy, the callback), dropout while training, the checks the
 * trainer shares with the runtime, and no allocation per step once warm.
 */
class GeneratedTrainerTest {
    private static final String PACKAGE = "trained";
    private static final int STEPS = 8;
    /** Batch sizes in turn: a smaller batch after a larger one reuses the larger one's buffers. */
    private static final int[] BATCH_ROWS = {7, 3, 5, 1};
    private static final List<String> OPTIMIZERS = List.of(
            "sgd(lr=0.01)",
            "sgd(lr=0.01, momentum=0.9, decay=0.01)",
            "adagrad(lr=0.05, decay=1e-3)",
            "rmsprop(lr=0.01, decay=1e-3, rho=0.8)",
            "adam(lr=0.02, decay=1e-3)");
    private static final Map<String, Architecture> NETWORKS = new LinkedHashMap<>();
    /** The losses each network trains with in the comparison, with whether it takes class labels. */
    private static final List<Arguments> COMPARISONS = new ArrayList<>();
    private static ClassLoader loader;

    @BeforeAll
    static void generateAndCompile() {
        for (Precision precision : Precision.values()) {
            String p = "_" + precision.keyword();
            // Every activation both as a dense layer's and as a standalone one, two activations a network.
            Activation[] all = Activation.values();
            for (int i = 0; i < all.length; i += 2) {
                ActivationCall a = call(all[i]);
                ActivationCall b = call(all[(i + 1) % all.length]);
                String name = "Act_" + all[i].keyword() + p;
                add(name, precision, 5,
                        dense("d0", 5, 7, a, true, new Regularization(0, 0.01, 0.001, 0)),
                        new ActivationLayer("standalone_b", 7, b),
                        dense("no_bias", 7, 6, linear(), false, new Regularization(0.001, 0, 0, 0)),
                        new DropoutLayer("drop", 6, 0),
                        new ActivationLayer("standalone_a", 6, a),
                        dense("out", 6, 4, b, true, Regularization.NONE));
                compare(name, Loss.MEAN_SQUARED_ERROR, false);
                compare(name, Loss.MEAN_ABSOLUTE_ERROR, false);
            }
            add("Classifier" + p, precision, 6,
                    dense("hidden", 6, 9, call(Activation.RELU), true, new Regularization(0, 5e-4, 0, 5e-4)),
                    dense("out", 9, 4, call(Activation.SOFTMAX), true, Regularization.NONE));
            compare("Classifier" + p, Loss.CATEGORICAL_CROSSENTROPY, true);
            compare("Classifier" + p, Loss.CATEGORICAL_CROSSENTROPY, false);
            compare("Classifier" + p, Loss.MEAN_SQUARED_ERROR, false);
            add("Standalone" + p, precision, 6,
                    dense("hidden", 6, 8, call(Activation.TANH), true, Regularization.NONE),
                    dense("logits", 8, 4, linear(), false, new Regularization(0.002, 0.001, 0, 0)),
                    new ActivationLayer("probabilities", 4, call(Activation.SOFTMAX)));
            compare("Standalone" + p, Loss.CATEGORICAL_CROSSENTROPY, true);
            compare("Standalone" + p, Loss.CATEGORICAL_CROSSENTROPY, false);
            compare("Standalone" + p, Loss.MEAN_ABSOLUTE_ERROR, false);
            add("Binary" + p, precision, 5,
                    dense("hidden", 5, 8, call(Activation.ELU), true, new Regularization(0, 0, 0.001, 0.002)),
                    new DropoutLayer("drop", 8, 0),
                    dense("out", 8, 3, call(Activation.SIGMOID), true, new Regularization(0.001, 0.001, 0.001, 0.001)));
            compare("Binary" + p, Loss.BINARY_CROSSENTROPY, false);
            compare("Binary" + p, Loss.MEAN_SQUARED_ERROR, false);
            // Activations before the first dense layer: nothing to propagate below it.
            add("Leading" + p, precision, 5,
                    new ActivationLayer("squash", 5, call(Activation.TANH)),
                    new DropoutLayer("drop", 5, 0),
                    dense("hidden", 5, 4, call(Activation.RELU), false, Regularization.NONE),
                    dense("out", 4, 3, linear(), true, Regularization.NONE));
            compare("Leading" + p, Loss.MEAN_SQUARED_ERROR, false);
            // Sizes that the forward pass generates as loops, not straight-line code.
            add("Looped" + p, precision, 20,
                    dense("hidden1", 20, 40, call(Activation.RELU), true, new Regularization(0, 5e-4, 0, 0)),
                    dense("hidden2", 40, 30, call(Activation.TANH), false, new Regularization(1e-4, 0, 0, 0)),
                    dense("out", 30, 5, call(Activation.SOFTMAX), true, new Regularization(0, 0, 1e-4, 1e-4)));
            compare("Looped" + p, Loss.CATEGORICAL_CROSSENTROPY, true);
            compare("Looped" + p, Loss.CATEGORICAL_CROSSENTROPY, false);
            add("LoopedRegression" + p, precision, 20,
                    dense("hidden1", 20, 40, call(Activation.GELU), true, new Regularization(1e-4, 1e-4, 1e-4, 1e-4)),
                    new DropoutLayer("drop", 40, 0),
                    dense("hidden2", 40, 30, call(Activation.SILU), true, Regularization.NONE),
                    dense("out", 30, 5, linear(), true, Regularization.NONE));
            compare("LoopedRegression" + p, Loss.MEAN_SQUARED_ERROR, false);
            compare("LoopedRegression" + p, Loss.MEAN_ABSOLUTE_ERROR, false);
            // Training with dropout: not comparable value by value, see dropoutTrainsAndNetworkPredictsWithoutIt.
            add("DropoutHalf" + p, precision, 6,
                    dense("hidden", 6, 16, call(Activation.RELU), true, Regularization.NONE),
                    new DropoutLayer("drop", 16, 0.5),
                    dense("out", 16, 3, call(Activation.SOFTMAX), true, Regularization.NONE));
            if (precision == Precision.DOUBLE) {
                // More layers than one method of the trainer holds (TrainerGenerator.LAYERS_PER_METHOD): its code
                // goes to helper methods.
                List<Layer> deep = new ArrayList<>();
                Activation[] cycle = {Activation.TANH, Activation.ELU, Activation.SILU, Activation.SOFTSIGN};
                for (int i = 0; i < 70; i++) {
                    deep.add(dense("d" + i, 4, 4, call(cycle[i % 4]), i % 3 != 0,
                            i % 5 == 0 ? new Regularization(1e-4, 1e-4, 1e-4, 1e-4) : Regularization.NONE));
                    if (i % 2 == 0) {
                        deep.add(i % 4 == 0 ? new DropoutLayer("drop" + i, 4, 0)
                                : new ActivationLayer("act" + i, 4, call(cycle[(i + 1) % 4])));
                    }
                }
                deep.add(dense("out", 4, 3, call(Activation.SOFTMAX), true, Regularization.NONE));
                add("Deep" + p, precision, 4, deep.toArray(Layer[]::new));
                compare("Deep" + p, Loss.CATEGORICAL_CROSSENTROPY, true);
                compare("Deep" + p, Loss.MEAN_SQUARED_ERROR, false);
            }
            Random random = new Random(precision.ordinal() + 11);
            for (int i = 0; i < 4; i++) {
                randomNetwork("Random" + i + p, precision, random);
            }
        }
        List<JavaFile> files = new ArrayList<>();
        for (Architecture architecture : NETWORKS.values()) {
            files.add(NetworkGenerator.generate(architecture, PACKAGE, false, architecture.name() + ".net"));
        }
        files.add(allocationProbe("Classifier_float", true, "categorical_crossentropy", "adam(lr=0.001)"));
        files.add(allocationProbe("Act_relu6_double", false, "mean_absolute_error", "sgd(lr=0.01, momentum=0.5)"));
        files.add(allocationProbe("DropoutHalf_double", true, "categorical_crossentropy", "rmsprop"));
        files.add(allocationProbe("LoopedRegression_float", false, "mean_squared_error", "adagrad(0.001)"));
        loader = InMemoryCompiler.compile(files);
    }

    // ---------------------------------------------------------------- the comparison with the interpreter

    static Stream<Arguments> comparisons() {
        return COMPARISONS.stream();
    }

    @ParameterizedTest(name = "{0} {1} labels={2}")
    @MethodSource("comparisons")
    void stepsMatchTheTrainingInterpreter(String name, Loss loss, boolean labels) {
        for (String optimizer : OPTIMIZERS) {
            compareSteps(name, loss, labels, Optimizer.parse(optimizer), name.hashCode() * 31L + optimizer.hashCode());
        }
    }

    private static void compareSteps(String name, Loss loss, boolean labels, Optimizer optimizer, long seed) {
        Architecture architecture = NETWORKS.get(name);
        Random random = new Random(seed);
        Weights start = weights(architecture, random);
        Object trainer = trainer(load(architecture, start), loss, optimizer);
        TrainingInterpreter reference = new TrainingInterpreter(start, loss, optimizer, 0);
        String what = name + " " + loss + " " + optimizer;
        List<Double> losses = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            Data data = data(architecture, loss, random, BATCH_ROWS[s % BATCH_ROWS.length]);
            double expected;
            double actual;
            try {
                expected = labels ? reference.step(data.inputs, data.labels) : reference.step(data.inputs, data.targets);
                actual = step(trainer, architecture, data, labels);
            } catch (ArithmeticException e) {
                throw new AssertionError(what + ": diverged after losses " + losses, e);
            }
            losses.add(expected);
            assertClose(architecture, actual, expected, what + ": loss of step " + (s + 1));
        }
        assertThat(((Number) Generated.invoke(trainer.getClass(), trainer, "steps", new Class<?>[0])).longValue())
                .isEqualTo(STEPS);
        Map<String, double[]> trained = arrays(network(trainer));
        int moved = 0;
        for (DenseLayer dense : architecture.denseLayers()) {
            List<String> keys = dense.useBias() ? List.of(dense.weightsKey(), dense.biasesKey())
                    : List.of(dense.weightsKey());
            for (String key : keys) {
                double[] expected = reference.array(key);
                double[] actual = trained.get(key);
                assertThat(actual).as(what + ": " + key).hasSameSizeAs(expected);
                if (architecture.precision() == Precision.DOUBLE) {
                    for (int i = 0; i < expected.length; i++) {
                        assertClose(architecture, actual[i], expected[i], what + ": " + key + "[" + i + "]");
                    }
                } else {
                    // Float: 1e-4 relative over the array, 1e-3 for each value relative to it or, for a value much
                    // smaller than the rest of its array, to the array's size. Adaptive optimizers divide by the
                    // gradient's size, so a gradient that float arithmetic cancels nearly to zero moves its weight
                    // by up to the learning rate whatever its value.
                    double[] difference = new double[expected.length];
                    for (int i = 0; i < expected.length; i++) {
                        difference[i] = actual[i] - expected[i];
                        assertThat(actual[i]).as("%s: %s[%d]: %s, expected %s", what, key, i, actual[i], expected[i])
                                .isCloseTo(expected[i], within(1e-3 * Math.max(Math.abs(expected[i]), rms(expected))
                                        + 1e-6));
                    }
                    assertThat(rms(difference)).as("%s: %s, root mean square difference", what, key)
                            .isLessThanOrEqualTo(1e-4 * rms(expected) + 1e-7);
                }
                moved += java.util.Arrays.equals(actual, start.doubles(key)) ? 0 : 1;
            }
        }
        // The optimizer moved the arrays (a gradient lost on the way would leave one as it started); in a random
        // or deep network a saturated activation may leave the arrays below it where they were, in the reference too.
        int arrays = architecture.denseLayers().stream().mapToInt(d -> d.useBias() ? 2 : 1).sum();
        assertThat(moved).as(what + ": arrays trained").isEqualTo(name.startsWith("Random") || name.startsWith("Deep") ? moved : arrays)
                .isPositive();
        assertThat(trained).hasSize(architecture.denseLayers().stream().mapToInt(d -> d.useBias() ? 2 : 1).sum());
    }

    private static double rms(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum / v.length);
    }

    /** 1e-9 relative in double; 1e-4 in float, whose trainer rounds every operation the reference does not. */
    private static void assertClose(Architecture architecture, double actual, double expected, String what) {
        double rtol = architecture.precision() == Precision.DOUBLE ? 1e-9 : 1e-4;
        double tolerance = rtol * Math.max(Math.abs(expected), Math.abs(actual)) + rtol * 1e-2;
        assertThat(actual).as("%s: %s, expected %s", what, actual, expected).isCloseTo(expected, within(tolerance));
    }

    // ---------------------------------------------------------------- network(), evaluate

    /**
     * The generated class describes the network it was generated from, dropout layers and regularization included:
     * {@code architecture()} of the class and of a trained snapshot.
     */
    @Test
    void theGeneratedArchitectureIsTheNetworks() {
        for (Architecture architecture : NETWORKS.values()) {
            assertThat(Generated.invoke(type(architecture), null, "architecture", new Class<?>[0]))
                    .as(architecture.name()).isEqualTo(architecture);
        }
        Architecture architecture = NETWORKS.get("Binary_double");
        Object trainer = trainer(load(architecture, weights(architecture, new Random(2))), Loss.BINARY_CROSSENTROPY,
                Optimizer.sgd(0.1));
        Object snapshot = network(trainer);
        assertThat(Generated.invoke(snapshot.getClass(), snapshot, "architecture", new Class<?>[0]))
                .isEqualTo(architecture);
    }

    @Test
    void networkIsASnapshotThatLaterStepsDoNotChange() {
        for (String name : List.of("Classifier_float", "Looped_double")) {
            Architecture architecture = NETWORKS.get(name);
            Random random = new Random(3);
            Weights start = weights(architecture, random);
            Object original = load(architecture, start);
            Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 6);
            double[][] before = predict(original, architecture, data.inputs);
            Object trainer = trainer(original, Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
            step(trainer, architecture, data, true);
            Object snapshot = network(trainer);
            double[][] snapshotPredictions = predict(snapshot, architecture, data.inputs);
            Map<String, double[]> snapshotArrays = arrays(snapshot);

            for (int s = 0; s < 3; s++) {
                step(trainer, architecture, data, true);
            }

            assertThat(predict(snapshot, architecture, data.inputs)).isDeepEqualTo(snapshotPredictions);
            assertThat(arrays(snapshot)).usingRecursiveComparison().isEqualTo(snapshotArrays);
            Object now = network(trainer);
            assertThat(predict(now, architecture, data.inputs)).isNotEqualTo(snapshotPredictions);
            assertThat(arrays(now).get("out.weights")).isNotEqualTo(snapshotArrays.get("out.weights"));
            // The network the trainer started from does not change either.
            assertThat(predict(original, architecture, data.inputs)).isDeepEqualTo(before);
            assertThat(arrays(original).get("out.weights")).containsExactly(start.doubles("out.weights"));
            // The snapshot can start a trainer of its own.
            Object again = trainer(now, Loss.CATEGORICAL_CROSSENTROPY, Optimizer.sgd(0.1));
            assertThat(step(again, architecture, data, true)).isFinite();
        }
    }

    /** {@code evaluate} is the loss without a step: the reference's on the snapshot's weights. */
    @Test
    void evaluateIsTheLossOfTheWeightsNowAndTakesNoStep() {
        for (String name : List.of("Binary_double", "Standalone_float", "LoopedRegression_double")) {
            Architecture architecture = NETWORKS.get(name);
            Loss loss = name.startsWith("Binary") ? Loss.BINARY_CROSSENTROPY
                    : name.startsWith("Standalone") ? Loss.CATEGORICAL_CROSSENTROPY : Loss.MEAN_SQUARED_ERROR;
            Random random = new Random(4);
            Object trainer = trainer(load(architecture, weights(architecture, random)), loss, Optimizer.adam(0.01));
            Data data = data(architecture, loss, random, 9);
            step(trainer, architecture, data, false);
            double evaluated = evaluate(trainer, architecture, data, false);
            double again = evaluate(trainer, architecture, data, false);
            TrainingInterpreter reference = new TrainingInterpreter(weightsOf(architecture, network(trainer)), loss,
                    Optimizer.sgd(), 0);
            assertThat(again).isEqualTo(evaluated);
            assertClose(architecture, evaluated, reference.loss(data.inputs, data.targets), name + " evaluate");
            assertThat(((Number) Generated.invoke(trainer.getClass(), trainer, "steps", new Class<?>[0])).longValue())
                    .isEqualTo(1);
            if (loss == Loss.CATEGORICAL_CROSSENTROPY) {
                assertClose(architecture, evaluate(trainer, architecture, data, true), evaluated, name + " labels");
            }
        }
    }

    // ---------------------------------------------------------------- fit

    @Test
    void fitTakesTheLastPartialBatchAndAveragesByRows() {
        Architecture architecture = NETWORKS.get("Classifier_double");
        Random random = new Random(5);
        Weights start = weights(architecture, random);
        Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 10);
        Object fitted = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.02));
        Object stepped = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.02));

        History history = fit(fitted, architecture, data, null, true, Fit.epochs(3).batchSize(4));

        assertThat(steps(fitted)).isEqualTo(9);
        assertThat(history.epochs()).hasSize(3);
        for (int e = 0; e < 3; e++) {
            double lossSum = 0;
            int correct = 0;
            for (int from = 0; from < 10; from += 4) {
                Data batch = data.rows(from, Math.min(10, from + 4));
                double[][] probabilities = predict(network(stepped), architecture, batch.inputs);
                for (int r = 0; r < batch.labels.length; r++) {
                    correct += argMax(probabilities[r]) == batch.labels[r] ? 1 : 0;
                }
                lossSum += step(stepped, architecture, batch, true) * batch.labels.length;
            }
            Epoch epoch = history.epochs().get(e);
            assertThat(epoch.number()).isEqualTo(e + 1);
            assertThat(epoch.loss()).isCloseTo(lossSum / 10, within(1e-12));
            assertThat(epoch.accuracy()).isCloseTo(correct / 10.0, within(1e-12));
            assertThat(epoch.validationLoss()).isNaN();
            assertThat(epoch.validationAccuracy()).isNaN();
        }
        assertThat(steps(stepped)).isEqualTo(9);
        assertThat(arrays(network(fitted))).usingRecursiveComparison().isEqualTo(arrays(network(stepped)));
        assertThat(history.last()).isSameAs(history.epochs().get(2));
    }

    @Test
    void fitWithBatchesLargerThanTheDataTakesOneStepPerEpoch() {
        Architecture architecture = NETWORKS.get("Binary_float");
        Random random = new Random(6);
        Data data = data(architecture, Loss.BINARY_CROSSENTROPY, random, 5);
        Object trainer = trainer(load(architecture, weights(architecture, random)), Loss.BINARY_CROSSENTROPY,
                Optimizer.sgd(0.5));
        fit(trainer, architecture, data, null, false, Fit.epochs(2).batchSize(64));
        assertThat(steps(trainer)).isEqualTo(2);
        fit(trainer, architecture, data, null, false, Fit.epochs(3).fullBatch());
        assertThat(steps(trainer)).isEqualTo(5);
        fit(trainer, architecture, data, null, false, Fit.epochs(1).batchSize(1));
        assertThat(steps(trainer)).isEqualTo(10);
    }

    @Test
    void seededShufflingIsReproducible() {
        Architecture architecture = NETWORKS.get("Standalone_double");
        Random random = new Random(7);
        Weights start = weights(architecture, random);
        Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 11);
        Fit shuffled = Fit.epochs(4).batchSize(3).shuffle(42);

        Object first = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
        Object second = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
        Object otherSeed = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
        Object inOrder = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
        List<Double> a = losses(fit(first, architecture, data, null, true, shuffled));
        List<Double> b = losses(fit(second, architecture, data, null, true, shuffled));
        List<Double> c = losses(fit(otherSeed, architecture, data, null, true, Fit.epochs(4).batchSize(3).shuffle(43)));
        List<Double> d = losses(fit(inOrder, architecture, data, null, true, Fit.epochs(4).batchSize(3)));

        assertThat(b).isEqualTo(a);
        assertThat(arrays(network(second))).usingRecursiveComparison().isEqualTo(arrays(network(first)));
        assertThat(c).isNotEqualTo(a);
        assertThat(d).isNotEqualTo(a);
        // The order of the rows does not matter to one full batch: a shuffle takes every row exactly once.
        Object fullShuffled = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
        Object fullInOrder = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
        List<Double> e = losses(fit(fullShuffled, architecture, data, null, true, Fit.epochs(3).fullBatch().shuffle(9)));
        List<Double> f = losses(fit(fullInOrder, architecture, data, null, true, Fit.epochs(3).fullBatch()));
        for (int i = 0; i < 3; i++) {
            assertThat(e.get(i)).isCloseTo(f.get(i), within(1e-12));
        }
    }

    @Test
    void validationNumbersAndAccuracyForClassification() {
        Architecture architecture = NETWORKS.get("Classifier_double");
        Random random = new Random(8);
        Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 12);
        Data validation = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 7);
        for (boolean labels : new boolean[] {true, false}) {
            Object trainer = trainer(load(architecture, weights(architecture, new Random(9))),
                    Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.05));
            History history = fit(trainer, architecture, data, validation, labels, Fit.epochs(3).batchSize(5));
            for (Epoch epoch : history.epochs()) {
                assertThat(epoch.loss()).isPositive().isFinite();
                assertThat(epoch.accuracy()).isBetween(0.0, 1.0);
                assertThat(epoch.validationLoss()).isPositive().isFinite();
                assertThat(epoch.validationAccuracy()).isBetween(0.0, 1.0);
                assertThat(epoch.time().isNegative()).isFalse();
            }
            // The last epoch's validation numbers are those of the trained network.
            assertThat(history.last().validationLoss()).isEqualTo(evaluate(trainer, architecture, validation, labels));
            double[][] probabilities = predict(network(trainer), architecture, validation.inputs);
            int correct = 0;
            for (int r = 0; r < 7; r++) {
                correct += argMax(probabilities[r]) == validation.labels[r] ? 1 : 0;
            }
            assertThat(history.last().validationAccuracy()).isCloseTo(correct / 7.0, within(1e-12));
            assertThat(history.epochs().get(0).validationLoss()).isNotEqualTo(history.last().validationLoss());
        }
    }

    @Test
    void regressionHasNoAccuracy() {
        Architecture architecture = NETWORKS.get("LoopedRegression_float");
        Random random = new Random(10);
        Data data = data(architecture, Loss.MEAN_SQUARED_ERROR, random, 9);
        Data validation = data(architecture, Loss.MEAN_SQUARED_ERROR, random, 4);
        Object trainer = trainer(load(architecture, weights(architecture, random)), Loss.MEAN_SQUARED_ERROR,
                Optimizer.adam(0.01));
        History history = fit(trainer, architecture, data, validation, false, Fit.epochs(2).batchSize(4));
        for (Epoch epoch : history.epochs()) {
            assertThat(epoch.loss()).isPositive().isFinite();
            assertThat(epoch.accuracy()).isNaN();
            assertThat(epoch.validationLoss()).isPositive().isFinite();
            assertThat(epoch.validationAccuracy()).isNaN();
        }
        assertThat(history.last().validationLoss()).isEqualTo(evaluate(trainer, architecture, validation, false));
    }

    @Test
    void theCallbackIsCalledOncePerEpochInOrder() {
        Architecture architecture = NETWORKS.get("Classifier_float");
        Random random = new Random(12);
        Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 8);
        Object trainer = trainer(load(architecture, weights(architecture, random)), Loss.CATEGORICAL_CROSSENTROPY,
                Optimizer.sgd(0.1));
        List<Epoch> seen = new ArrayList<>();
        List<Long> stepsAtCallback = new ArrayList<>();
        History history = fit(trainer, architecture, data, null, true, Fit.epochs(5).batchSize(3).onEpoch(epoch -> {
            seen.add(epoch);
            stepsAtCallback.add(steps(trainer));
        }));
        assertThat(seen).containsExactlyElementsOf(history.epochs());
        assertThat(seen).extracting(Epoch::number).containsExactly(1, 2, 3, 4, 5);
        // Called after each epoch's 3 steps.
        assertThat(stepsAtCallback).containsExactly(3L, 6L, 9L, 12L, 15L);
    }

    @Test
    void fitRefusesBadRowsBeforeAnyStep() {
        Architecture architecture = NETWORKS.get("Classifier_double");
        Random random = new Random(13);
        Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 4);
        Object trainer = trainer(load(architecture, weights(architecture, random)), Loss.CATEGORICAL_CROSSENTROPY,
                Optimizer.sgd(0.1));
        Data badLabel = data.rows(0, 4);
        badLabel.labels[3] = 4;
        assertThatThrownBy(() -> fit(trainer, architecture, badLabel, null, true, Fit.epochs(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 4 of row 3 is out of range: the network has 4 outputs, so labels go from 0 to 3");
        Data badValidation = data.rows(0, 2);
        badValidation.inputs[1] = new double[5];
        assertThatThrownBy(() -> fit(trainer, architecture, data, badValidation, true, Fit.epochs(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validationInputs row 1 has 5 values, expected 6");
        assertThat(steps(trainer)).isZero();
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutTrainsAndNetworkPredictsWithoutIt() {
        for (Precision precision : Precision.values()) {
            Architecture architecture = NETWORKS.get("DropoutHalf_" + precision.keyword());
            Random random = new Random(14);
            Weights start = weights(architecture, random);
            Data data = data(architecture, Loss.CATEGORICAL_CROSSENTROPY, random, 30);
            // Learnable labels: the largest of the first three inputs.
            for (int r = 0; r < 30; r++) {
                data.labels[r] = argMax(java.util.Arrays.copyOf(data.inputs[r], 3));
                java.util.Arrays.fill(data.targets[r], 0);
                data.targets[r][data.labels[r]] = 1;
            }
            Object trainer = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.02));
            Object twin = trainer(load(architecture, start), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.adam(0.02));
            double before = evaluate(trainer, architecture, data, true);
            boolean differs = false;
            for (int s = 0; s < 80; s++) {
                double evaluated = evaluate(trainer, architecture, data, true);
                double stepped = step(trainer, architecture, data, true);
                differs |= stepped != evaluated;
                // The masks come from a seeded generator: a second trainer draws the same ones.
                assertThat(step(twin, architecture, data, true)).isEqualTo(stepped);
            }
            assertThat(differs).as("dropout changes the training loss").isTrue();
            double after = evaluate(trainer, architecture, data, true);
            assertThat(after).as(precision + ": trained from %s", before).isLessThan(before * 0.8);

            Object network = network(trainer);
            double[][] once = predict(network, architecture, data.inputs);
            assertThat(predict(network, architecture, data.inputs)).isDeepEqualTo(once);
            Interpreter interpreter = new Interpreter(weightsOf(architecture, network));
            if (precision == Precision.FLOAT) {
                float[][] expected = interpreter.predict((float[][]) cast(data.inputs, precision));
                for (int r = 0; r < 30; r++) {
                    for (int j = 0; j < 3; j++) {
                        assertThat(once[r][j]).isCloseTo(expected[r][j], within(1e-5));
                    }
                }
            } else {
                double[][] expected = interpreter.predict(data.inputs);
                for (int r = 0; r < 30; r++) {
                    assertThat(once[r]).containsExactly(expected[r], within(1e-12));
                }
            }
            // Without dropout in evaluate, its loss is the reference's on the same weights.
            TrainingInterpreter reference = new TrainingInterpreter(weightsOf(architecture, network),
                    Loss.CATEGORICAL_CROSSENTROPY, Optimizer.sgd(), 0);
            assertClose(architecture, after, reference.loss(data.inputs, data.targets), "evaluate with dropout off");
        }
    }

    // ---------------------------------------------------------------- checks

    @Test
    void theTrainerRefusesWhatTheRuntimeRefuses() {
        Architecture regression = NETWORKS.get("Act_softsign_float");
        Object network = load(regression, weights(regression, new Random(15)));
        assertThatThrownBy(() -> trainer(network, Loss.CATEGORICAL_CROSSENTROPY, Optimizer.sgd()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categorical_crossentropy needs a network that ends in softmax, but 'Act_softsign_float'"
                        + " ends in layer 'out' with silu (end it in softmax, or train with mean_squared_error)");
        assertThatThrownBy(() -> trainer(network, null, Optimizer.sgd())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> trainer(network, Loss.MEAN_SQUARED_ERROR, null))
                .isInstanceOf(NullPointerException.class);
        Object trainer = trainer(network, Loss.MEAN_SQUARED_ERROR, Optimizer.sgd());
        Data data = data(regression, Loss.MEAN_SQUARED_ERROR, new Random(16), 3);
        assertThatThrownBy(() -> step(trainer, regression, data, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mean_squared_error takes target rows");
        Data wide = data.rows(0, 3);
        wide.targets[2] = new double[5];
        assertThatThrownBy(() -> step(trainer, regression, wide, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets row 2 has 5 values, expected 4");
        Data nan = data.rows(0, 3);
        nan.inputs[1][2] = Double.NaN;
        assertThatThrownBy(() -> step(trainer, regression, nan, false))
                .isInstanceOf(ArithmeticException.class).hasMessageStartingWith("the loss is NaN at step 1: ");
        assertThat(steps(trainer)).isZero();

        Architecture classifier = NETWORKS.get("Classifier_double");
        Object c = trainer(load(classifier, weights(classifier, new Random(17))), Loss.CATEGORICAL_CROSSENTROPY,
                Optimizer.sgd());
        Data labels = data(classifier, Loss.CATEGORICAL_CROSSENTROPY, new Random(18), 3);
        labels.labels[0] = -1;
        assertThatThrownBy(() -> step(c, classifier, labels, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label -1 of row 0 is out of range: the network has 4 outputs, so labels go from 0 to 3");
        Data nullRow = data(classifier, Loss.CATEGORICAL_CROSSENTROPY, new Random(18), 3);
        nullRow.inputs[2] = null;
        assertThatThrownBy(() -> step(c, classifier, nullRow, true))
                .isInstanceOf(NullPointerException.class).hasMessage("inputs row 2 is null");
    }

    // ---------------------------------------------------------------- allocation

    /**
     * Once warm, a step allocates nothing: the probe (compiled with the networks, calling {@code step} directly,
     * since reflection would box) counts the bytes its thread allocates over 100 steps after 20,000. On the plain
     * kernels only (the plain-kernels test run): the Vector API allocates its vectors until C2 has compiled the
     * kernels, which on a loaded machine can take longer than any fixed warm-up (JMH's TrainingSteps measures it
     * warm at 0 bytes a step).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Classifier_float", "Act_relu6_double",
            "DropoutHalf_double", "LoopedRegression_float"})
    void aWarmStepAllocatesNothing(String name) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.netc.runtime.internal.MatrixKernels.get().vectorized(),
                "the plain-kernels run measures allocation");
        Class<?> probe = loader.loadClass(PACKAGE + "." + name + "_Probe");
        long allocated = (long) probe.getMethod("bytesAllocatedBy", int.class, int.class).invoke(null, 20_000, 100);
        assertThat(allocated).as("bytes allocated by 100 warm steps of %s", name).isZero();
    }

    private static JavaFile allocationProbe(String name, boolean labels, String loss, String optimizer) {
        Architecture architecture = NETWORKS.get(name);
        ClassName net = ClassName.get(PACKAGE, name);
        String scalar = architecture.precision().keyword();
        int rows = 6;
        MethodSpec.Builder method = MethodSpec.methodBuilder("bytesAllocatedBy")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(long.class)
                .addParameter(int.class, "warm")
                .addParameter(int.class, "steps")
                .addStatement("$T.Trainer trainer = $T.random(3L).trainer($T.parse($S), $T.parse($S))", net, net,
                        Loss.class, loss, Optimizer.class, optimizer)
                .addStatement("$L[][] inputs = new $L[$L][$T.INPUT_SIZE]", scalar, scalar, rows, net)
                .addStatement("$L[][] targets = new $L[$L][$T.OUTPUT_SIZE]", scalar, scalar, rows, net)
                .addStatement("int[] labels = new int[$L]", rows)
                .beginControlFlow("for (int r = 0; r < $L; r++)", rows)
                .addStatement("labels[r] = r % $T.OUTPUT_SIZE", net)
                .addStatement("targets[r][labels[r]] = 1")
                .beginControlFlow("for (int j = 0; j < $T.INPUT_SIZE; j++)", net)
                .addStatement("inputs[r][j] = $LMath.sin(r * 7 + j)", scalar.equals("float") ? "(float) " : "")
                .endControlFlow()
                .endControlFlow()
                .addStatement("com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)"
                        + " java.lang.management.ManagementFactory.getThreadMXBean()")
                .addStatement("double sum = 0")
                .beginControlFlow("for (int i = 0; i < warm; i++)")
                .addStatement(labels ? "sum += trainer.step(inputs, labels)" : "sum += trainer.step(inputs, targets)")
                .endControlFlow()
                .addStatement("long before = threads.getCurrentThreadAllocatedBytes()")
                .beginControlFlow("for (int i = 0; i < steps; i++)")
                .addStatement(labels ? "sum += trainer.step(inputs, labels)" : "sum += trainer.step(inputs, targets)")
                .endControlFlow()
                .addStatement("long after = threads.getCurrentThreadAllocatedBytes()")
                .beginControlFlow("if (Double.isNaN(sum))")
                .addStatement("throw new $T($S)", AssertionError.class, "NaN loss")
                .endControlFlow()
                .addStatement("return after - before");
        return JavaFile.builder(PACKAGE, TypeSpec.classBuilder(name + "_Probe")
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addMethod(method.build())
                .build()).build();
    }

    // ---------------------------------------------------------------- networks

    private static void add(String name, Precision precision, int input, Layer... layers) {
        NETWORKS.put(name, new Architecture(name, input, precision, OptionalLong.empty(), List.of(layers)));
    }

    private static void compare(String name, Loss loss, boolean labels) {
        COMPARISONS.add(Arguments.of(name, loss, labels));
    }

    /**
     * A random network: 1 to 12 inputs, 2 to 5 dense, standalone activation or rate-0 dropout layers with random
     * widths, activations, biases and regularization, ending in softmax (categorical), sigmoid (binary) or
     * anything (mean squared or absolute error).
     */
    private static void randomNetwork(String name, Precision precision, Random random) {
        int input = 1 + random.nextInt(12);
        List<Layer> layers = new ArrayList<>();
        int width = input;
        int count = 2 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(6);
            Activation activation = Activation.values()[random.nextInt(Activation.values().length)];
            if (kind == 0) {
                layers.add(new ActivationLayer("act" + i, width, call(activation)));
            } else if (kind == 1) {
                layers.add(new DropoutLayer("drop" + i, width, 0));
            } else {
                int out = 1 + random.nextInt(12);
                Regularization regularization = random.nextBoolean() ? Regularization.NONE
                        : new Regularization(random.nextInt(2) * 1e-3, random.nextInt(2) * 2e-3,
                                random.nextInt(2) * 3e-3, random.nextInt(2) * 4e-3);
                layers.add(dense("layer" + i, width, out, call(activation), random.nextInt(4) > 0, regularization));
                width = out;
            }
        }
        Loss loss = Loss.values()[random.nextInt(Loss.values().length)];
        boolean labels = false;
        if (loss.isClassification()) {
            int out = 2 + random.nextInt(5);
            layers.add(dense("last", width, out, call(loss.lastActivation().orElseThrow()), random.nextBoolean(),
                    Regularization.NONE));
            labels = loss == Loss.CATEGORICAL_CROSSENTROPY && random.nextBoolean();
        } else if (layers.stream().noneMatch(DenseLayer.class::isInstance)) {
            layers.add(dense("last", width, 3, call(Activation.TANH), true, Regularization.NONE));
        }
        add(name, precision, input, layers.toArray(Layer[]::new));
        compare(name, loss, labels);
    }

    private static ActivationCall call(Activation activation) {
        return activation.parameters().isEmpty() ? ActivationCall.of(activation)
                : new ActivationCall(activation, List.of(activation == Activation.LEAKY_RELU ? 0.2 : 0.7));
    }

    private static ActivationCall linear() {
        return ActivationCall.of(Activation.LINEAR);
    }

    private static DenseLayer dense(String name, int in, int out, ActivationCall activation, boolean bias,
            Regularization regularization) {
        return new DenseLayer(name, in, out, activation, bias, InitializerCall.of(Initializer.GLOROT_UNIFORM),
                InitializerCall.of(Initializer.ZEROS), regularization);
    }

    /**
     * Weights uniform in ±[0.05, 0.6], away from 0 for l1 (smaller, ×0.3, where exponential compounds); float
     * networks get float values, which the reference reads exactly.
     */
    private static Weights weights(Architecture architecture, Random random) {
        double scale = architecture.layers().stream()
                .anyMatch(l -> l.activation().activation() == Activation.EXPONENTIAL) ? 0.3 : 1;
        List<NpyArray> arrays = new ArrayList<>();
        for (DenseLayer dense : architecture.denseLayers()) {
            arrays.add(architecture.precision().array(dense.weightsKey(), new int[] {dense.inputSize(), dense.outputSize()},
                    values(random, dense.inputSize() * dense.outputSize(), scale)));
            if (dense.useBias()) {
                arrays.add(architecture.precision().array(dense.biasesKey(), new int[] {dense.outputSize()},
                        values(random, dense.outputSize(), scale)));
            }
        }
        return Weights.of(architecture, arrays);
    }

    private static double[] values(Random random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (0.05 + 0.55 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        }
        return v;
    }

    // ---------------------------------------------------------------- data

    /** A batch: inputs, one-hot targets with their labels, or target rows; float-exact for float networks. */
    private record Data(double[][] inputs, double[][] targets, int[] labels) {
        Data rows(int from, int to) {
            return new Data(copy(java.util.Arrays.copyOfRange(inputs, from, to)),
                    copy(java.util.Arrays.copyOfRange(targets, from, to)), java.util.Arrays.copyOfRange(labels, from, to));
        }

        private static double[][] copy(double[][] rows) {
            return java.util.Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
        }
    }

    private static Data data(Architecture architecture, Loss loss, Random random, int rows) {
        boolean isFloat = architecture.precision() == Precision.FLOAT;
        int out = architecture.outputSize();
        double[][] inputs = new double[rows][architecture.inputSize()];
        double[][] targets = new double[rows][out];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inputs[r].length; j++) {
                inputs[r][j] = round(2 * random.nextDouble() - 1, isFloat);
            }
            labels[r] = random.nextInt(out);
            for (int j = 0; j < out; j++) {
                targets[r][j] = switch (loss) {
                    case CATEGORICAL_CROSSENTROPY -> j == labels[r] ? 1 : 0;
                    case BINARY_CROSSENTROPY -> switch (random.nextInt(3)) {
                        case 0 -> 0;
                        case 1 -> 1;
                        default -> round(random.nextDouble(), isFloat);
                    };
                    default -> round(2 * random.nextDouble() - 1, isFloat);
                };
            }
        }
        return new Data(inputs, targets, labels);
    }

    private static double round(double v, boolean toFloat) {
        return toFloat ? (float) v : v;
    }

    private static Object cast(double[][] rows, Precision precision) {
        if (precision == Precision.DOUBLE) {
            return rows;
        }
        float[][] f = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] != null) {
                f[r] = new float[rows[r].length];
                for (int j = 0; j < rows[r].length; j++) {
                    f[r][j] = (float) rows[r][j];
                }
            }
        }
        return f;
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    private static List<Double> losses(History history) {
        return history.epochs().stream().map(Epoch::loss).toList();
    }

    // ---------------------------------------------------------------- the generated API, by reflection

    private static Class<?> type(Architecture architecture) {
        try {
            return loader.loadClass(PACKAGE + "." + architecture.name());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> matrix(Architecture architecture) {
        return architecture.precision() == Precision.DOUBLE ? double[][].class : float[][].class;
    }

    /** The generated class loaded with {@code weights}, through {@code load(InputStream)}. */
    private static Object load(Architecture architecture, Weights weights) {
        List<NpyArray> arrays = new ArrayList<>();
        for (DenseLayer dense : architecture.denseLayers()) {
            arrays.add(architecture.precision().array(dense.weightsKey(), new int[] {dense.inputSize(), dense.outputSize()},
                    weights.doubles(dense.weightsKey())));
            if (dense.useBias()) {
                arrays.add(architecture.precision().array(dense.biasesKey(), new int[] {dense.outputSize()},
                        weights.doubles(dense.biasesKey())));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            NpzWriter.write(bytes, arrays);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Generated.invoke(type(architecture), null, "load", new Class<?>[] {InputStream.class},
                new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static Object trainer(Object network, Loss loss, Optimizer optimizer) {
        return Generated.invoke(network.getClass(), network, "trainer", new Class<?>[] {Loss.class, Optimizer.class},
                loss, optimizer);
    }

    private static double step(Object trainer, Architecture architecture, Data data, boolean labels) {
        Object inputs = cast(data.inputs, architecture.precision());
        Object answers = labels ? data.labels : cast(data.targets, architecture.precision());
        return ((Number) Generated.invoke(trainer.getClass(), trainer, "step",
                new Class<?>[] {matrix(architecture), labels ? int[].class : matrix(architecture)}, inputs, answers))
                .doubleValue();
    }

    private static double evaluate(Object trainer, Architecture architecture, Data data, boolean labels) {
        Object inputs = cast(data.inputs, architecture.precision());
        Object answers = labels ? data.labels : cast(data.targets, architecture.precision());
        return ((Number) Generated.invoke(trainer.getClass(), trainer, "evaluate",
                new Class<?>[] {matrix(architecture), labels ? int[].class : matrix(architecture)}, inputs, answers))
                .doubleValue();
    }

    private static History fit(Object trainer, Architecture architecture, Data data, Data validation, boolean labels,
            Fit fit) {
        Class<?> matrix = matrix(architecture);
        Class<?> answers = labels ? int[].class : matrix;
        Object x = cast(data.inputs, architecture.precision());
        Object y = labels ? data.labels : cast(data.targets, architecture.precision());
        if (validation == null) {
            return (History) Generated.invoke(trainer.getClass(), trainer, "fit",
                    new Class<?>[] {matrix, answers, Fit.class}, x, y, fit);
        }
        Object vx = cast(validation.inputs, architecture.precision());
        Object vy = labels ? validation.labels : cast(validation.targets, architecture.precision());
        return (History) Generated.invoke(trainer.getClass(), trainer, "fit",
                new Class<?>[] {matrix, answers, matrix, answers, Fit.class}, x, y, vx, vy, fit);
    }

    private static long steps(Object trainer) {
        return (long) Generated.invoke(trainer.getClass(), trainer, "steps", new Class<?>[0]);
    }

    private static Object network(Object trainer) {
        return Generated.invoke(trainer.getClass(), trainer, "network", new Class<?>[0]);
    }

    /** The generated network's {@code predict(batch)}, in double. */
    private static double[][] predict(Object network, Architecture architecture, double[][] inputs) {
        Object out = Generated.invoke(network.getClass(), network, "predict", new Class<?>[] {matrix(architecture)},
                cast(inputs, architecture.precision()));
        if (out instanceof double[][] d) {
            return d;
        }
        float[][] f = (float[][]) out;
        double[][] d = new double[f.length][];
        for (int r = 0; r < f.length; r++) {
            d[r] = new double[f[r].length];
            for (int j = 0; j < f[r].length; j++) {
                d[r][j] = f[r][j];
            }
        }
        return d;
    }

    /** A generated network's weights by key, in double, through its (private) {@code arrays()}. */
    @SuppressWarnings("unchecked")
    private static Map<String, double[]> arrays(Object network) {
        try {
            Method method = network.getClass().getDeclaredMethod("arrays");
            method.setAccessible(true);
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (NpyArray array : (List<NpyArray>) method.invoke(network)) {
                arrays.put(array.name(), array.toDoubleArray());
            }
            return arrays;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Weights weightsOf(Architecture architecture, Object network) {
        Map<String, double[]> arrays = arrays(network);
        List<NpyArray> list = new ArrayList<>();
        for (DenseLayer dense : architecture.denseLayers()) {
            list.add(architecture.precision().array(dense.weightsKey(), new int[] {dense.inputSize(), dense.outputSize()},
                    arrays.get(dense.weightsKey())));
            if (dense.useBias()) {
                list.add(architecture.precision().array(dense.biasesKey(), new int[] {dense.outputSize()},
                        arrays.get(dense.biasesKey())));
            }
        }
        return Weights.of(architecture, list);
    }
}
