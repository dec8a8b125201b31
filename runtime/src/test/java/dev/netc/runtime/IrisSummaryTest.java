package dev.netc.runtime;

import static dev.netc.runtime.Networks.activation;
import static dev.netc.runtime.Networks.dense;
import static dev.netc.runtime.Networks.network;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Summary} of the spec's iris network, with every number worked out by hand:
 * {@code network IrisClassifier; input 4; dense 4 -> 16 relu name=hidden; dense 16 -> 3; softmax;}.
 * hidden has 4·16 + 16 = 80 parameters, dense_1 16·3 + 3 = 51, the softmax none: 131, which take
 * 524 bytes as floats and 1,048 as doubles; a sample costs (2·4·16 + 16) + (2·16·3 + 3) = 144 + 99 = 243 FLOPs.
 */
class IrisSummaryTest {

    static Architecture iris(Precision precision) {
        return network("IrisClassifier", 4, precision,
                dense("hidden", 4, 16, Activation.RELU),
                dense("dense_1", 16, 3, Activation.LINEAR),
                activation("activation_0", 3, ActivationCall.of(Activation.SOFTMAX)));
    }

    @Test
    void irisTableIsExact() {
        assertThat(Summary.of(iris(Precision.FLOAT))).isEqualTo("""
                Model: "IrisClassifier"
                __________________________________________________________________________________
                 Layer (type)                Output Shape   Activation   Param #   Weight shapes
                ==================================================================================
                 input (InputLayer)          (None, 4)      -                  0
                __________________________________________________________________________________
                 hidden (Dense)              (None, 16)     relu              80   (4, 16) + (16,)
                __________________________________________________________________________________
                 dense_1 (Dense)             (None, 3)      linear            51   (16, 3) + (3,)
                __________________________________________________________________________________
                 activation_0 (Activation)   (None, 3)      softmax            0
                ==================================================================================
                Total params: 131 (524.00 B)
                Trainable params: 131 (524.00 B)
                Non-trainable params: 0 (0.00 B)
                Weight memory: 524 bytes (float, 4 bytes per value)
                FLOPs per sample: 243
                __________________________________________________________________________________""");
    }

    @Test
    void irisCounts() {
        Architecture iris = iris(Precision.FLOAT);
        assertThat(iris.layers()).extracting(Layer::parameterCount).containsExactly(80L, 51L, 0L);
        assertThat(iris.parameterCount()).isEqualTo(131);
        assertThat(Summary.flopsPerSample(iris)).isEqualTo(243);
        assertThat(Summary.weightBytes(iris)).isEqualTo(524);
    }

    @Test
    void doublePrecisionTakesEightBytesPerParameter() {
        Architecture iris = iris(Precision.DOUBLE);
        assertThat(Summary.weightBytes(iris)).isEqualTo(1048);
        assertThat(Summary.of(iris)).contains("Total params: 131 (1.02 KB)\n",
                "Weight memory: 1,048 bytes (double, 8 bytes per value)\n", "FLOPs per sample: 243\n");
    }

    @Test
    void largeCountsHaveThousandsSeparators() {
        // 10,000·10,000 + 10,000 = 100,010,000 parameters = 400,040,000 bytes = 381.51 MB;
        // 2·10^8 + 10^4 = 200,010,000 FLOPs
        Architecture big = network("Big", 10_000, Precision.FLOAT, dense("big", 10_000, 10_000, Activation.RELU));
        assertThat(Summary.of(big)).contains(" big (Dense) ", " 100,010,000 ", "Total params: 100,010,000 (381.51 MB)\n",
                "Trainable params: 100,010,000 (381.51 MB)\n", "Weight memory: 400,040,000 bytes (float, 4 bytes per value)\n",
                "FLOPs per sample: 200,010,000\n");
    }

    @Test
    void bytesCrossUnitsAtPowersOf1024() {
        assertThat(List.of(Summary.bytes(524), Summary.bytes(1048), Summary.bytes(1024 * 1024 - 1),
                Summary.bytes(3L << 30))).containsExactly("524.00 B", "1.02 KB", "1024.00 KB", "3.00 GB");
    }
}
