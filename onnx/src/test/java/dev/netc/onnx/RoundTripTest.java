package dev.netc.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Initializer;
import dev.netc.runtime.InitializerCall;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Export, then import: the same layers, activations and weights, so the same outputs. */
class RoundTripTest {
    static Stream<Arguments> activations() {
        return OnnxExporterTest.activations();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void exportThenImportGivesTheSameNetwork(String activation, Precision precision) throws Exception {
        Weights original = OnnxExporterTest.network(activation, precision, 23);
        byte[] model = OnnxExporter.toBytes(original.architecture(), original);
        ImportedNetwork imported = OnnxImporter.read(model, "probe.onnx", null);

        assertThat(imported.architecture().precision()).isEqualTo(precision);
        assertThat(imported.architecture().inputSize()).isEqualTo(original.architecture().inputSize());
        // The standalone activation after the linear 'head' layer comes back merged into it.
        assertThat(signature(imported.architecture().layers())).isEqualTo(signature(original.architecture().layers()));
        for (DenseLayer d : original.architecture().denseLayers()) {
            assertThat(imported.weights().doubles(d.weightsKey())).containsExactly(original.doubles(d.weightsKey()));
            assertThat(imported.weights().doubles(d.biasesKey())).containsExactly(original.doubles(d.biasesKey()));
        }
        double[] x = Nets.inputs(9, 20 * 6, 4);
        assertThat(Nets.interpret(imported.weights(), x)).containsExactly(Nets.interpret(original, x));
    }

    /**
     * Names that look generic in other exporters' models ({@code w}, {@code bias}, {@code weights}, {@code Gemm})
     * are netc's own layer names in a model netc wrote, and come back as they were.
     */
    @Test
    void layersNamedLikeAnExportersNoiseKeepTheirNames() throws Exception {
        List<String> names = List.of("w", "bias", "weights", "Gemm");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            layers.add(new DenseLayer(names.get(i), 3, 3, ActivationCall.of(Activation.RELU), true,
                    InitializerCall.of(Initializer.NORMAL), InitializerCall.of(Initializer.ZEROS)));
        }
        Architecture architecture = new Architecture("Named", 3, Precision.FLOAT, java.util.OptionalLong.empty(),
                layers);
        Weights original = Weights.random(architecture, 5);
        ImportedNetwork imported = OnnxImporter.read(OnnxExporter.toBytes(architecture, original), "named.onnx", null);

        assertThat(imported.architecture().denseLayers()).extracting(DenseLayer::name).containsExactlyElementsOf(names);
    }

    /** Dense layers by name with the activations applied after each, merged or standalone. */
    private static List<String> signature(List<Layer> layers) {
        List<String> s = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof DenseLayer d) {
                s.add("dense " + d.name() + " " + d.inputSize() + "->" + d.outputSize());
            }
            if (l.activation().activation() != Activation.LINEAR) {
                s.add(l.activation().toString());
            }
        }
        return s;
    }
}
