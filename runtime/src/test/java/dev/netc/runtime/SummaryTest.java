package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The summary's numbers against counts worked out by hand, and its exact layout on one network. */
class SummaryTest {

    @Test
    void spiralClassifierTableIsExact() {
        // hidden: 2*64 weights + 64 biases = 192; logits: 64*3 + 3 = 195; total 387.
        // 387 doubles = 3,096 bytes = 3.02 KB. FLOPs: (2*2*64 + 64) + (2*64*3 + 3) = 320 + 387 = 707.
        Architecture spiral = architecture("SpiralClassifier", 2, Precision.DOUBLE,
                dense("hidden", 2, 64, Activation.RELU, true),
                dense("logits", 64, 3, Activation.LINEAR, true),
                new ActivationLayer("activation_0", 3, ActivationCall.of(Activation.SOFTMAX)));

        assertThat(Summary.of(spiral)).isEqualTo("""
                Model: "SpiralClassifier"
                __________________________________________________________________________________
                 Layer (type)                Output Shape   Activation   Param #   Weight shapes
                ==================================================================================
                 input (InputLayer)          (None, 2)      -                  0
                __________________________________________________________________________________
                 hidden (Dense)              (None, 64)     relu             192   (2, 64) + (64,)
                __________________________________________________________________________________
                 logits (Dense)              (None, 3)      linear           195   (64, 3) + (3,)
                __________________________________________________________________________________
                 activation_0 (Activation)   (None, 3)      softmax            0
                ==================================================================================
                Total params: 387 (3.02 KB)
                Trainable params: 387 (3.02 KB)
                Non-trainable params: 0 (0.00 B)
                Weight memory: 3,096 bytes (double, 8 bytes per value)
                FLOPs per sample: 707
                __________________________________________________________________________________""");
        assertThat(Summary.line(spiral))
                .isEqualTo("SpiralClassifier: 2 -> 64 -> 3, 3 layers, 387 params (3.02 KB, double), 707 FLOPs per sample");
    }

    @Test
    void mnistSizedNetworkCountsMatchHandComputedValues() {
        // 784*128 + 128 = 100,480; 128*10 + 10 = 1,290; total 101,770 floats = 407,080 bytes = 397.54 KB.
        // FLOPs: 2*784*128 + 128 = 200,832; 2*128*10 + 10 = 2,570; total 203,402.
        Architecture mnist = architecture("Mnist", 784, Precision.FLOAT,
                dense("hidden", 784, 128, Activation.RELU, true),
                dense("out", 128, 10, Activation.SOFTMAX, true));

        assertThat(mnist.parameterCount()).isEqualTo(101_770L);
        assertThat(Summary.weightBytes(mnist)).isEqualTo(407_080L);
        assertThat(Summary.flopsPerSample(mnist)).isEqualTo(203_402L);
        assertThat(Summary.of(mnist)).contains(
                " hidden (Dense)       (None, 128)    relu         100,480   (784, 128) + (128,)\n",
                " out (Dense)          (None, 10)     softmax        1,290   (128, 10) + (10,)\n",
                "Total params: 101,770 (397.54 KB)\n",
                "Weight memory: 407,080 bytes (float, 4 bytes per value)\n",
                "FLOPs per sample: 203,402\n");
    }

    @Test
    void layerWithoutBiasHasOnlyItsWeights() {
        // 4*3 = 12 weights, no biases; FLOPs 2*4*3 = 24; 12 floats = 48 bytes.
        Architecture net = architecture("NoBias", 4, Precision.FLOAT, dense("dense_0", 4, 3, Activation.LINEAR, false));

        assertThat(Summary.of(net)).contains(
                " dense_0 (Dense)      (None, 3)      linear            12   (4, 3), no bias\n",
                "Total params: 12 (48.00 B)\n",
                "FLOPs per sample: 24\n");
    }

    @Test
    void networkOfActivationsOnlyHasNothingToCount() {
        Architecture net = architecture("JustSoftmax", 5, Precision.FLOAT,
                new ActivationLayer("activation_0", 5, ActivationCall.of(Activation.SOFTMAX)));

        assertThat(Summary.of(net)).contains(" activation_0 (Activation)   (None, 5)      softmax            0\n",
                "Total params: 0 (0.00 B)\n", "FLOPs per sample: 0\n");
        assertThat(Summary.line(net)).isEqualTo("JustSoftmax: 5, 1 layer, 0 params (0.00 B, float), 0 FLOPs per sample");
    }

    /**
     * Keras' summary of Dense, Dropout, Dense: a row of type Dropout, no activation, no parameters.
     * 2*8 + 8 = 24 and 8*3 + 3 = 27 params; FLOPs (2*2*8 + 8) + (2*8*3 + 3) = 40 + 51 = 91.
     */
    @Test
    void dropoutIsARowOfItsOwnWithoutParameters() {
        Architecture net = architecture("Regularized", 2, Precision.FLOAT,
                dense("hidden", 2, 8, Activation.RELU, true),
                new DropoutLayer("dropout_0", 8, 0.5),
                dense("logits", 8, 3, Activation.SOFTMAX, true));

        assertThat(Summary.of(net)).isEqualTo("""
                Model: "Regularized"
                __________________________________________________________________________
                 Layer (type)          Output Shape   Activation   Param #   Weight shapes
                ==========================================================================
                 input (InputLayer)    (None, 2)      -                  0
                __________________________________________________________________________
                 hidden (Dense)        (None, 8)      relu              24   (2, 8) + (8,)
                __________________________________________________________________________
                 dropout_0 (Dropout)   (None, 8)      -                  0
                __________________________________________________________________________
                 logits (Dense)        (None, 3)      softmax           27   (8, 3) + (3,)
                ==========================================================================
                Total params: 51 (204.00 B)
                Trainable params: 51 (204.00 B)
                Non-trainable params: 0 (0.00 B)
                Weight memory: 204 bytes (float, 4 bytes per value)
                FLOPs per sample: 91
                __________________________________________________________________________""");
        assertThat(Summary.line(net))
                .isEqualTo("Regularized: 2 -> 8 -> 3, 3 layers, 51 params (204.00 B, float), 91 FLOPs per sample");
    }

    @Test
    void countsBeyondIntRangeStayExact() {
        // 50,000*40,000 = 2,000,000,000 weights + 40,000 biases = 2,000,040,000 params (more than an int holds
        // once doubled). As floats: 8,000,160,000 bytes = 7.45 GB. FLOPs: 2 * 2e9 + 40,000 = 4,000,040,000.
        Architecture huge = architecture("Huge", 50_000, Precision.FLOAT,
                dense("dense_0", 50_000, 40_000, Activation.LINEAR, true));

        assertThat(Summary.of(huge)).contains("2,000,040,000", "Total params: 2,000,040,000 (7.45 GB)",
                "Weight memory: 8,000,160,000 bytes", "FLOPs per sample: 4,000,040,000");
    }

    @Test
    void activationArgumentsAreShownAsWritten() {
        Architecture net = architecture("Leaky", 3, Precision.FLOAT,
                new DenseLayer("dense_0", 3, 3, new ActivationCall(Activation.LEAKY_RELU, List.of(0.2)), true,
                        InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS)));

        assertThat(Summary.of(net)).contains("leaky_relu(0.2)");
    }

    @Test
    void bytesUsePowersOf1024() {
        // Keras 3's readable_memory_size: two decimals in every unit.
        assertThat(Summary.bytes(0)).isEqualTo("0.00 B");
        assertThat(Summary.bytes(1023)).isEqualTo("1023.00 B");
        assertThat(Summary.bytes(1024)).isEqualTo("1.00 KB");
        assertThat(Summary.bytes(1536)).isEqualTo("1.50 KB");
        assertThat(Summary.bytes(5L << 20)).isEqualTo("5.00 MB");
    }

    private static DenseLayer dense(String name, int in, int out, Activation activation, boolean bias) {
        return new DenseLayer(name, in, out, ActivationCall.of(activation), bias,
                InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS));
    }

    private static Architecture architecture(String name, int input, Precision precision, Layer... layers) {
        return new Architecture(name, input, precision, OptionalLong.empty(), List.of(layers));
    }

    @Test
    void aDeepNetworksLogLineShowsItsFirstAndLastWidthsAndCountsTheRest() {
        Layer[] layers = new Layer[20];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new DenseLayer("d" + i, i + 1, i + 2, ActivationCall.of(Activation.RELU), true,
                    InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS));
        }
        Architecture deep = new Architecture("Deep", 1, Precision.FLOAT, java.util.OptionalLong.empty(),
                java.util.List.of(layers));
        assertThat(Summary.line(deep)).startsWith("Deep: 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> (9 more) -> 16 -> 17 -> 18 -> 19"
                + " -> 20 -> 21, 20 layers, ");
    }
}
