package dev.netc.runtime;

import static dev.netc.runtime.Networks.twoLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The interpreter is a {@link FloatNetwork} and a {@link DoubleNetwork}: one sample and flat batches agree with predict. */
class InterpreterNetworkApiTest {
    private final Interpreter interpreter = new Interpreter(Weights.random(twoLayer(Precision.FLOAT), 3));

    @Test
    void oneSampleAndFlatBatchesAreThePredictOfTheirRows() {
        float[][] batch = {{1, 2, 3, 2.5f}, {2, 5, -1, 2}, {-1.5f, 2.7f, 3.3f, -0.8f}};
        float[][] expected = interpreter.predict(batch);
        FloatNetwork network = interpreter;
        assertThat(network.inputSize()).isEqualTo(4);
        assertThat(network.outputSize()).isEqualTo(expected[0].length);
        assertThat(network.predict(batch[1])).containsExactly(expected[1]);
        float[] flat = new float[12];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(batch[r], 0, flat, r * 4, 4);
        }
        float[] outputs = new float[3 * network.outputSize()];
        network.predictBatch(flat, 3, outputs);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < network.outputSize(); j++) {
                assertThat(outputs[r * network.outputSize() + j]).isEqualTo(expected[r][j]);
            }
        }
        DoubleNetwork doubles = interpreter;
        assertThat(doubles.predict(new double[] {1, 2, 3, 2.5})).containsExactly(
                interpreter.predict(new double[][] {{1, 2, 3, 2.5}})[0]);
    }

    @Test
    void wrongWidthsAndShortBuffersAreNamed() {
        assertThatThrownBy(() -> interpreter.predict(new float[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4").hasMessageContaining("3");
        assertThatThrownBy(() -> interpreter.predictBatch(new float[7], 2, new float[100]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs hold 7 values");
    }

    @Test
    void aNullRowIsNamedAsPredictNamesIt() {
        assertThatThrownBy(() -> interpreter.layerOutputs(new float[][] {{1, 2, 3, 4}, null}))
                .isInstanceOf(NullPointerException.class).hasMessage("row 1 of the batch is null");
        assertThatThrownBy(() -> interpreter.predict(new double[][] {null}))
                .isInstanceOf(NullPointerException.class).hasMessage("row 0 of the batch is null");
    }
}
