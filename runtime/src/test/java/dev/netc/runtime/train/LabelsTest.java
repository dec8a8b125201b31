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
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Class labels train and evaluate exactly as their one-hot rows do (spec §6: {@code −log c[label]} is
 * {@code −Σ t·log c} of the one-hot row), though the interpreter never makes those rows.
 */
class LabelsTest {
    private static final Architecture NETWORK = new Architecture("Three", 4, Precision.DOUBLE, OptionalLong.empty(),
            List.of(new DenseLayer("hidden", 4, 8, ActivationCall.of(Activation.TANH), true,
                            InitializerCall.of(Initializer.GLOROT_UNIFORM), InitializerCall.of(Initializer.ZEROS)),
                    new DenseLayer("out", 8, 3, ActivationCall.of(Activation.SOFTMAX), true,
                            InitializerCall.of(Initializer.GLOROT_UNIFORM), InitializerCall.of(Initializer.ZEROS))));

    @Test
    void labelsStepAndEvaluateBitForBitAsTheirOneHotRows() {
        Random random = new Random(7);
        double[][] inputs = new double[16][4];
        int[] labels = new int[16];
        double[][] oneHot = new double[16][3];
        for (int r = 0; r < 16; r++) {
            for (int k = 0; k < 4; k++) {
                inputs[r][k] = random.nextGaussian();
            }
            labels[r] = random.nextInt(3);
            oneHot[r][labels[r]] = 1;
        }
        Weights start = Weights.random(NETWORK, 3);
        TrainingInterpreter byLabels = new TrainingInterpreter(start, Loss.CATEGORICAL_CROSSENTROPY,
                Optimizer.parse("adam(lr=0.05)"), 0);
        TrainingInterpreter byRows = new TrainingInterpreter(start, Loss.CATEGORICAL_CROSSENTROPY,
                Optimizer.parse("adam(lr=0.05)"), 0);

        double first = 0;
        for (int step = 0; step < 20; step++) {
            double loss = byLabels.step(inputs, labels);
            assertThat(loss).as("loss of step %d", step).isEqualTo(byRows.step(inputs, oneHot));
            assertThat(byLabels.correct()).as("rows right at step %d", step).isEqualTo(byRows.correct());
            first = step == 0 ? loss : first;
        }
        assertThat(byLabels.loss(inputs, labels)).isEqualTo(byRows.loss(inputs, oneHot)).isLessThan(first);
        assertThat(byLabels.correct()).isEqualTo(byRows.correct());
        for (String key : List.of("hidden.weights", "hidden.biases", "out.weights", "out.biases")) {
            assertThat(byLabels.array(key)).as(key).containsExactly(byRows.array(key));
        }
    }
}
