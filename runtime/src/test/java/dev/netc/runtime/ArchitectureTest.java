package dev.netc.runtime;

import static dev.netc.runtime.Networks.activation;
import static dev.netc.runtime.Networks.dense;
import static dev.netc.runtime.Networks.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.internal.InputWidth;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The invariants of {@link Architecture}, {@link DenseLayer} and {@link ActivationLayer}, and {@link InputWidth}'s wording. */
class ArchitectureTest {

    @Test
    void aLayerMustTakeWhatThePreviousOneProduces() {
        assertThatThrownBy(() -> network("N", 4, Precision.FLOAT, dense("first", 3, 2, Activation.RELU)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'first' takes 3 inputs but receives 4");
        assertThatThrownBy(() -> network("N", 4, Precision.FLOAT, dense("dense_0", 4, 4, Activation.RELU),
                dense("dense_1", 5, 2, Activation.RELU)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'dense_1' takes 5 inputs but receives 4");
        assertThatThrownBy(() -> network("N", 4, Precision.FLOAT, dense("dense_0", 4, 3, Activation.RELU),
                activation("activation_0", 4, ActivationCall.of(Activation.SOFTMAX))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'activation_0' takes 4 inputs but receives 3");
    }

    @Test
    void activationArgumentsMustFitThePrecision() {
        ActivationCall steep = new ActivationCall(Activation.LEAKY_RELU, List.of(1e40));
        assertThat(steep.checkArguments(Precision.DOUBLE)).isEmpty();
        assertThat(steep.checkArguments(Precision.FLOAT)).contains("the argument a = 1.0E40 of 'leaky_relu' does not"
                + " fit a float (at most 3.4028235E38 in magnitude)");
        assertThat(new ActivationCall(Activation.ELU, List.of(Double.NaN)).checkArguments(Precision.DOUBLE))
                .contains("the argument a = NaN of 'elu' does not fit a double (at most 1.7976931348623157E308 in"
                        + " magnitude)");
        assertThat(new ActivationCall(Activation.ELU, List.of(-3e38)).checkArguments(Precision.FLOAT)).isEmpty();
        assertThatThrownBy(() -> network("N", 4, Precision.FLOAT, dense("dense_0", 4, 4, Activation.RELU),
                activation("activation_0", 4, steep)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'activation_0': the argument a = 1.0E40 of 'leaky_relu' does not fit a float"
                        + " (at most 3.4028235E38 in magnitude)");
    }

    @Test
    void denseWidthsMustBePositive() {
        assertThatThrownBy(() -> dense("d", 0, 3, Activation.RELU)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'd' needs positive widths, got 0 -> 3");
        assertThatThrownBy(() -> dense("d", 4, -1, Activation.RELU)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'd' needs positive widths, got 4 -> -1");
    }

    @Test
    void layerNamesAreUniqueBecauseWeightArraysAreNamedAfterThem() {
        assertThatThrownBy(() -> network("N", 4, Precision.FLOAT, dense("d", 4, 4, Activation.RELU),
                dense("d", 4, 2, Activation.LINEAR))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two layers are named 'd'");
    }

    @Test
    void inputWidthAndLayerSizesMustBeRepresentable() {
        assertThatThrownBy(() -> network("N", 0, Precision.FLOAT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network 'N' needs a positive input width, got 0");
        assertThatThrownBy(() -> dense("big", 50_000, 50_000, Activation.RELU))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'big' has 2500000000 weights; a layer may have at most 2147483639");
    }

    @Test
    void parameterCountsAreWeightsPlusBiases() {
        assertThat(dense("hidden", 4, 16, Activation.RELU).parameterCount()).isEqualTo(80);
        DenseLayer noBias = dense("d", 4, 16, ActivationCall.of(Activation.RELU), false,
                InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS));
        assertThat(noBias.parameterCount()).isEqualTo(64);
        assertThat(activation("a", 16, ActivationCall.of(Activation.RELU)).parameterCount()).isZero();
        // beyond int: two of the largest layers, 46,340 * 46,340 + 46,340 each
        assertThat(network("N", 46_340, Precision.FLOAT, dense("a", 46_340, 46_340, Activation.LINEAR),
                dense("b", 46_340, 46_340, Activation.LINEAR)).parameterCount()).isEqualTo(4_294_883_880L);
        Architecture arch = network("N", 4, Precision.FLOAT, dense("hidden", 4, 16, Activation.RELU), denseWithoutBias(16, 3),
                activation("activation_0", 3, ActivationCall.of(Activation.SOFTMAX)));
        assertThat(arch.parameterCount()).isEqualTo(80 + 48);
    }

    private static DenseLayer denseWithoutBias(int in, int out) {
        return dense("dense_1", in, out, ActivationCall.of(Activation.LINEAR), false,
                InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS));
    }

    @Test
    void weightFileKeysAreNameDotWeightsAndNameDotBiases() {
        DenseLayer hidden = dense("hidden", 4, 16, Activation.RELU);
        assertThat(hidden.weightsKey()).isEqualTo("hidden.weights");
        assertThat(hidden.biasesKey()).isEqualTo("hidden.biases");
    }

    @Test
    void outputSizeAndDenseLayers() {
        DenseLayer first = dense("dense_0", 4, 16, Activation.RELU);
        DenseLayer second = dense("dense_1", 16, 3, Activation.LINEAR);
        ActivationLayer softmax = activation("activation_0", 3, ActivationCall.of(Activation.SOFTMAX));
        Architecture arch = network("Iris", 4, Precision.FLOAT, first, second, softmax);
        assertThat(arch.outputSize()).isEqualTo(3);
        assertThat(arch.denseLayers()).containsExactly(first, second);
        assertThat(softmax.outputSize()).isEqualTo(3);
        assertThat(softmax.activation()).hasToString("softmax");
        assertThat(network("Empty", 7, Precision.DOUBLE).outputSize()).isEqualTo(7);
        assertThat(network("Empty", 7, Precision.DOUBLE).parameterCount()).isZero();
    }

    @Test
    void layersAreAnImmutableCopy() {
        List<Layer> layers = new ArrayList<>(List.of(dense("dense_0", 2, 2, Activation.RELU)));
        Architecture arch = new Architecture("N", 2, Precision.FLOAT, OptionalLong.of(42), layers);
        layers.add(dense("dense_1", 2, 9, Activation.RELU));
        assertThat(arch.layers()).hasSize(1);
        assertThat(arch.outputSize()).isEqualTo(2);
        assertThatThrownBy(() -> arch.layers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(arch.seed()).hasValue(42);
    }

    @Test
    void inputWidthMessages() {
        assertThat(InputWidth.message(4, 3)).isEqualTo("expected an input of width 4 but got width 3");
        assertThat(InputWidth.message(4, 3, 7)).isEqualTo("expected inputs of width 4 but row 7 has width 3");
        InputWidth.check(5, 5);
        assertThatThrownBy(() -> InputWidth.check(5, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an input of width 5 but got width 6");
    }

    @Test
    void precisionKeywordsAndSizes() {
        assertThat(Precision.byKeyword("float")).contains(Precision.FLOAT);
        assertThat(Precision.byKeyword("double")).contains(Precision.DOUBLE);
        assertThat(Precision.byKeyword("half")).isEmpty();
        assertThat(Precision.FLOAT.bytes()).isEqualTo(4);
        assertThat(Precision.DOUBLE.bytes()).isEqualTo(8);
        assertThat(Precision.DOUBLE).hasToString("double");
    }
}
