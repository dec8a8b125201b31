package dev.netc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The examples print what the NumPy notebook prints: the expected numbers below come from NumPy
 * ({@code np.random.seed(0)}, weights {@code 0.1 * np.random.randn(IN, OUT)} in float32, zero biases).
 */
class TutorialTest {

    @Test
    void layerDenseWithSeedZeroPrintsTheNotebooksOutput() {
        float[][] output = LayerDense.random().predict(Tutorial.LAYER_INPUTS);

        assertRows(output, new float[][] {
            {0.9096104f, 0.3681202f, -0.12854743f},
            {2.3961208f, 1.0030276f, -0.15907505f},
        });
    }

    @Test
    void twoLayerNetworkPrintsEveryLayerAsTheNotebookDoes() {
        float[][][] outputs = TwoLayer.random().layerOutputs(Tutorial.BATCH);

        assertRows(outputs[0], new float[][] {
            {0.70921063f, -0.00184155f, 0.44207036f, 0.7135185f},
            {1.4491189f, -0.42533234f, 0.7451601f, 0.29380757f},
            {0.14468761f, -0.19812512f, 0.12173849f, 0.07621586f},
        });
        assertRows(outputs[1], new float[][] {
            {0.70921063f, 0f, 0.44207036f, 0.7135185f},
            {1.4491189f, 0f, 0.7451601f, 0.29380757f},
            {0.14468761f, 0f, 0.12173849f, 0.07621586f},
        });
        assertRows(outputs[2], new float[][] {
            {0.31566742f, 0.02599823f, 0.03528173f, -0.04186562f},
            {0.4306771f, -0.09493253f, 0.05332945f, -0.1266061f},
            {0.06093133f, -0.00947477f, 0.0062677f, -0.01175426f},
        });
        assertRows(outputs[3], new float[][] {
            {0.31216803f, 0.23366125f, 0.23584056f, 0.21833019f},
            {0.35092205f, 0.2074633f, 0.24061942f, 0.2009952f},
            {0.26255596f, 0.24470612f, 0.2485889f, 0.24414897f},
        });
        // The generated forward pass gives the last layer's output too.
        assertRows(TwoLayer.random().predict(Tutorial.BATCH), new float[][] {
            {0.31216803f, 0.23366125f, 0.23584056f, 0.21833019f},
            {0.35092205f, 0.2074633f, 0.24061942f, 0.2009952f},
            {0.26255596f, 0.24470612f, 0.2485889f, 0.24414897f},
        });
    }

    @Test
    void pretrainedSpiralClassifierGetsEveryShownPointRight() {
        SpiralClassifier classifier = SpiralClassifier.pretrained();

        for (double[] point : SpiralDemo.POINTS) {
            double[] p = classifier.predict(new double[] {point[0], point[1]});
            assertThat(SpiralDemo.argmax(p)).as("point %s, %s", point[0], point[1]).isEqualTo((int) point[2]);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
        }
        assertThat(SpiralClassifier.pretrained()).isSameAs(classifier);
        assertThat(classifier.summary()).contains("hidden (Dense)", "(None, 64)", "192", "logits (Dense)", "195",
                "Total params: 387");
    }

    private static void assertRows(float[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertThat(actual[r][c]).as("row %d column %d", r, c)
                        .isCloseTo(expected[r][c], within(1e-6f * Math.max(1f, Math.abs(expected[r][c]))));
            }
        }
    }
}
