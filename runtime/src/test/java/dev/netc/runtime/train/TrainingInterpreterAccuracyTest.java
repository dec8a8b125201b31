package dev.netc.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link TrainingInterpreter#correct()}: the rows its last step or loss classified right, before the step. */
class TrainingInterpreterAccuracyTest {
    /** 2 -> 2 softmax with the identity as weights: each row's class is the index of its larger input. */
    private static Weights identity(Activation last) {
        Architecture architecture = new Architecture("Pick", 2, Precision.DOUBLE, OptionalLong.empty(),
                List.of(new DenseLayer("pick", 2, 2, ActivationCall.of(last), true,
                        InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS))));
        return Weights.of(architecture, List.of(NpyArray.ofDoubles("pick.weights", new int[] {2, 2},
                new double[] {1, 0, 0, 1}), NpyArray.ofDoubles("pick.biases", new int[] {2}, new double[2])));
    }

    private static final double[][] INPUTS = {{3, 0}, {0, 3}, {2, 1}, {1, 2}};

    @Test
    void countsTheRowsWhoseArgMaxIsTheirLabelBeforeTheStep() {
        TrainingInterpreter trainer = new TrainingInterpreter(identity(Activation.SOFTMAX),
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.sgd(0.1), 0);

        trainer.step(INPUTS, new int[] {0, 1, 1, 1});
        assertThat(trainer.correct()).isEqualTo(3);

        trainer.loss(INPUTS, new double[][] {{1, 0}, {0, 1}, {1, 0}, {1, 0}});
        assertThat(trainer.correct()).isEqualTo(3);
    }

    @Test
    void binaryCrossentropyCountsEachOutputAndRegressionCountsNothing() {
        TrainingInterpreter binary = new TrainingInterpreter(identity(Activation.SIGMOID),
                Loss.BINARY_CROSSENTROPY, Optimizer.sgd(0.1), 0);
        // sigmoid(3) > 0.5 and sigmoid(0) = 0.5 (not above): row 0 is [1, 0], row 1 [0, 1], rows 2 and 3 [1, 1].
        binary.loss(INPUTS, new double[][] {{1, 0}, {0, 0}, {1, 1}, {0, 0}});
        assertThat(binary.correct()).isEqualTo(1 + 0.5 + 1 + 0);

        TrainingInterpreter regression = new TrainingInterpreter(identity(Activation.LINEAR),
                Loss.MEAN_SQUARED_ERROR, Optimizer.sgd(0.1), 0);
        regression.step(INPUTS, new double[][] {{3, 0}, {0, 3}, {2, 1}, {1, 2}});
        assertThat(regression.correct()).isZero();
    }
}
