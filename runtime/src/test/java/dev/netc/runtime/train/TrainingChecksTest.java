package dev.netc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.ActivationLayer;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Weights;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What training refuses, before any step, through the {@link TrainingInterpreter} (the generated trainers
 * share {@link TrainingChecks}; GeneratedTrainerTest checks they call them): each message whole.
 */
class TrainingChecksTest {
    private static final double[][] INPUTS = {{0.1, 0.2, 0.3}, {-0.5, 0.4, 0.9}, {1, -1, 0}};
    private static final double[][] TARGETS = {{1, 0}, {0, 1}, {0.5, 0.5}};

    private static Architecture network(Activation last) {
        return new Architecture("Checked", 3, Precision.DOUBLE, OptionalLong.empty(), List.of(
                GradientCheckTest.dense("hidden", 3, 4, ActivationCall.of(Activation.TANH), true, Regularization.NONE),
                GradientCheckTest.dense("out", 4, 2, ActivationCall.of(last), true, Regularization.NONE)));
    }

    private static TrainingInterpreter trainer(Activation last, Loss loss) {
        return new TrainingInterpreter(Weights.random(network(last), 1), loss, Optimizer.sgd(0.1), 0);
    }

    @Test
    void categoricalCrossentropyNeedsSoftmaxLast() {
        assertThatThrownBy(() -> trainer(Activation.TANH, Loss.CATEGORICAL_CROSSENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categorical_crossentropy needs a network that ends in softmax, but 'Checked' ends in layer"
                        + " 'out' with tanh (end it in softmax, or train with mean_squared_error)");
        // log_softmax is not softmax.
        assertThatThrownBy(() -> trainer(Activation.LOG_SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY))
                .hasMessageContaining("ends in layer 'out' with log_softmax");
        assertThat(trainer(Activation.SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY).steps()).isZero();
    }

    @Test
    void binaryCrossentropyNeedsSigmoidLast() {
        assertThatThrownBy(() -> trainer(Activation.SOFTMAX, Loss.BINARY_CROSSENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("binary_crossentropy needs a network that ends in sigmoid, but 'Checked' ends in layer"
                        + " 'out' with softmax (end it in sigmoid, or train with mean_squared_error)");
        assertThat(trainer(Activation.SIGMOID, Loss.BINARY_CROSSENTROPY).steps()).isZero();
    }

    @Test
    void aStandaloneActivationLastCounts() {
        Architecture architecture = new Architecture("Standalone", 3, Precision.DOUBLE, OptionalLong.empty(), List.of(
                GradientCheckTest.dense("out", 3, 2, ActivationCall.of(Activation.LINEAR), true, Regularization.NONE),
                new ActivationLayer("probabilities", 2, ActivationCall.of(Activation.SOFTMAX))));
        new TrainingInterpreter(Weights.random(architecture, 1), Loss.CATEGORICAL_CROSSENTROPY, Optimizer.sgd(), 0);
        assertThatThrownBy(() -> new TrainingInterpreter(Weights.random(architecture, 1), Loss.BINARY_CROSSENTROPY,
                Optimizer.sgd(), 0))
                .hasMessage("binary_crossentropy needs a network that ends in sigmoid, but 'Standalone' ends in layer"
                        + " 'probabilities' with softmax (end it in sigmoid, or train with mean_squared_error)");
    }

    @Test
    void aNetworkWithoutLayers() {
        Architecture empty = new Architecture("Empty", 3, Precision.DOUBLE, OptionalLong.empty(), List.<Layer>of());
        assertThatThrownBy(() -> TrainingChecks.lossFits(empty, Loss.CATEGORICAL_CROSSENTROPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categorical_crossentropy needs a network that ends in softmax; 'Empty' has no layers");
        TrainingChecks.lossFits(empty, Loss.MEAN_SQUARED_ERROR);
    }

    @Test
    void nullLossOrOptimizer() {
        Weights weights = Weights.random(network(Activation.SOFTMAX), 1);
        assertThatThrownBy(() -> new TrainingInterpreter(weights, null, Optimizer.sgd(), 0))
                .isInstanceOf(NullPointerException.class).hasMessage("loss is null");
        assertThatThrownBy(() -> new TrainingInterpreter(weights, Loss.MEAN_SQUARED_ERROR, null, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("optimizer");
    }

    @Test
    void labelsOutOfRange() {
        TrainingInterpreter t = trainer(Activation.SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY);
        assertThatThrownBy(() -> t.step(INPUTS, new int[] {0, 2, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 2 of row 1 is out of range: the network has 2 outputs, so labels go from 0 to 1");
        assertThatThrownBy(() -> t.step(INPUTS, new int[] {0, 1, -1}))
                .hasMessage("label -1 of row 2 is out of range: the network has 2 outputs, so labels go from 0 to 1");
        assertThat(t.steps()).isZero();
    }

    @Test
    void labelsWithATargetOnlyLoss() {
        for (Loss loss : List.of(Loss.MEAN_SQUARED_ERROR, Loss.MEAN_ABSOLUTE_ERROR)) {
            TrainingInterpreter t = trainer(Activation.LINEAR, loss);
            assertThatThrownBy(() -> t.step(INPUTS, new int[] {0, 1, 1}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(loss.keyword() + " takes target rows (float[][] or double[][]), not class labels;"
                            + " class labels go with categorical_crossentropy");
        }
        TrainingInterpreter binary = trainer(Activation.SIGMOID, Loss.BINARY_CROSSENTROPY);
        assertThatThrownBy(() -> binary.step(INPUTS, new int[] {0, 1, 1}))
                .hasMessageStartingWith("binary_crossentropy takes target rows");
    }

    @Test
    void wrongWidths() {
        TrainingInterpreter t = trainer(Activation.LINEAR, Loss.MEAN_SQUARED_ERROR);
        assertThatThrownBy(() -> t.step(new double[][] {{1, 2, 3}, {1, 2}}, new double[][] {{0, 0}, {0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inputs row 1 has 2 values, expected 3");
        assertThatThrownBy(() -> t.step(INPUTS, new double[][] {{0, 0}, {0, 0, 0}, {0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets row 1 has 3 values, expected 2");
        TrainingInterpreter c = trainer(Activation.SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY);
        assertThatThrownBy(() -> c.step(new double[][] {{1, 2, 3, 4}}, new int[] {0}))
                .hasMessage("inputs row 0 has 4 values, expected 3");
        assertThat(t.steps()).isZero();
    }

    @Test
    void rowCountsThatDiffer() {
        TrainingInterpreter t = trainer(Activation.LINEAR, Loss.MEAN_SQUARED_ERROR);
        assertThatThrownBy(() -> t.step(INPUTS, new double[][] {{0, 0}, {0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets has 2 rows but inputs has 3");
        TrainingInterpreter c = trainer(Activation.SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY);
        assertThatThrownBy(() -> c.step(INPUTS, new int[] {0, 1, 1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels has 4 rows but inputs has 3");
        assertThatThrownBy(() -> c.step(new double[0][], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inputs has no rows");
    }

    @Test
    void nullRows() {
        TrainingInterpreter t = trainer(Activation.LINEAR, Loss.MEAN_SQUARED_ERROR);
        assertThatThrownBy(() -> t.step(new double[][] {{1, 2, 3}, null}, TARGETS))
                .isInstanceOf(NullPointerException.class).hasMessage("inputs row 1 is null");
        assertThatThrownBy(() -> t.step(INPUTS, new double[][] {null, {0, 0}, {0, 0}}))
                .isInstanceOf(NullPointerException.class).hasMessage("targets row 0 is null");
        assertThatThrownBy(() -> t.step(null, TARGETS))
                .isInstanceOf(NullPointerException.class).hasMessage("inputs is null");
        assertThatThrownBy(() -> t.step(INPUTS, (double[][]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("targets is null");
        TrainingInterpreter c = trainer(Activation.SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY);
        assertThatThrownBy(() -> c.step(INPUTS, (int[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("labels is null");
        assertThat(t.steps()).isZero();
    }

    @Test
    void nanLossNamesTheStepAndTakesNone() {
        TrainingInterpreter t = trainer(Activation.LINEAR, Loss.MEAN_SQUARED_ERROR);
        double[][] bad = {{0.1, Double.NaN, 0.3}, {1, 1, 1}, {0, 0, 0}};
        assertThatThrownBy(() -> t.step(bad, TARGETS))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("the loss is NaN at step 1: training diverged (try a lower learning rate) or the batch holds"
                        + " NaN or infinite values; the step was not taken, the weights are those after step 0");
        assertThat(t.steps()).isZero();

        t.step(INPUTS, TARGETS);
        double[] before = t.weights().doubles("out.weights");
        assertThatThrownBy(() -> t.step(INPUTS, new double[][] {{0, 0}, {Double.POSITIVE_INFINITY, 0}, {0, 0}}))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageStartingWith("the loss is Infinity at step 2: ")
                .hasMessageEndingWith("the weights are those after step 1");
        assertThat(t.weights().doubles("out.weights")).containsExactly(before);
        assertThat(t.steps()).isEqualTo(1);
    }

    @Test
    void divergingTrainingStopsAtTheFirstInfiniteLoss() {
        TrainingInterpreter t = new TrainingInterpreter(Weights.random(network(Activation.LINEAR), 1),
                Loss.MEAN_SQUARED_ERROR, Optimizer.sgd(1e6), 0);
        double[][] targets = {{100, -100}, {50, 50}, {-30, 0}};
        ArithmeticException e = null;
        for (int s = 0; s < 100 && e == null; s++) {
            try {
                t.step(INPUTS, targets);
            } catch (ArithmeticException caught) {
                e = caught;
            }
        }
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("at step " + (t.steps() + 1) + ":")
                .endsWith("the weights are those after step " + t.steps());
    }
}
