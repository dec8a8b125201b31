package dev.netc.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.runtime.Activation;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exported models run in ONNX Runtime and give netc's outputs. */
class OnnxExporterTest {
    static Stream<Arguments> activations() {
        List<Arguments> all = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (Activation a : Activation.values()) {
                String call = switch (a) {
                    case LEAKY_RELU -> "leaky_relu(0.2)";
                    case ELU -> "elu(0.7)";
                    default -> a.keyword();
                };
                all.add(Arguments.of(call, p));
            }
        }
        return all.stream();
    }

    /** A seeded random network using the activation in a dense layer and standalone, wide enough to reach its tails. */
    static Weights network(String activation, Precision precision, long seed) {
        // exp(exp(z)) would only measure float's conditioning (an error of |z|·ulp), so smaller weights there.
        boolean exp = activation.equals("exponential");
        Architecture a = Nets.architecture("network Probe; precision " + precision.keyword() + ";\n"
                + "dense 6 -> 9 " + activation + " init=normal(" + (exp ? "0.2" : "1.0")
                + ") bias_init=normal(0.5) name=hidden;\n"
                + "dense 9 -> 4 init=normal(" + (exp ? "0.1" : "0.8") + ") bias_init=normal(0.5) name=head;\n"
                + activation + ";\n");
        return Weights.random(a, seed);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void exportedModelMatchesTheInterpreter(String activation, Precision precision) throws Exception {
        Weights weights = network(activation, precision, 11);
        byte[] model = OnnxExporter.toBytes(weights.architecture(), weights);
        double[] x = Nets.inputs(5, 32 * 6, 4);
        double[] ort = Ort.run(model, "input", new long[] {32, 6}, x, precision == Precision.DOUBLE, "output");
        double[] netc = Nets.interpret(weights, x);
        double error = Nets.error(ort, netc);
        System.out.printf("export %-16s %-6s max error vs ONNX Runtime %.3g%n", activation, precision, error);
        // ONNX Runtime has no double Erf: the exported double gelu computes erf in float.
        double tolerance = activation.equals("gelu") && precision == Precision.DOUBLE ? 1e-6 : Nets.tolerance(precision);
        assertThat(error).as("%s %s", activation, precision).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void modelHasTheDocumentedInterface() throws Exception {
        Weights weights = network("relu", Precision.FLOAT, 1);
        ModelProto model = ModelProto.parseFrom(OnnxExporter.toBytes(weights.architecture(), weights));
        assertThat(model.getIrVersion()).isEqualTo(7);
        assertThat(model.getOpsetImportList()).singleElement()
                .satisfies(o -> assertThat(o.getVersion()).isEqualTo(13));
        assertThat(model.getGraph().getInput(0).getName()).isEqualTo("input");
        assertThat(model.getGraph().getOutput(0).getName()).isEqualTo("output");
        var dims = model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertThat(dims.get(0).getDimParam()).isEqualTo("batch");
        assertThat(dims.get(1).getDimValue()).isEqualTo(6);
        assertThat(model.getGraph().getInitializerList()).extracting(t -> t.getName())
                .contains("hidden.weights", "hidden.biases", "head.weights", "head.biases");
        assertThat(model.getGraph().getNode(0).getOpType()).isEqualTo("Gemm");
        assertThat(model.getGraph().getNode(0).getName()).isEqualTo("hidden");
    }

    @Test
    void batchSizeIsDynamicAndLayersWithoutBiasAndOddNamesWork() throws Exception {
        Architecture a = Nets.architecture("precision double;\n"
                + "dense 3 -> 5 tanh bias=false init=normal(1.0) name=input;\n"
                + "dense 5 -> 2 init=normal(1.0) name=output;\n");
        Weights weights = Weights.random(a, 3);
        byte[] model = OnnxExporter.toBytes(a, weights);
        for (int rows : new int[] {1, 7}) {
            double[] x = Nets.inputs(rows, rows * 3, 2);
            double[] ort = Ort.run(model, "input", new long[] {rows, 3}, x, true, "output");
            assertThat(Nets.error(ort, Nets.interpret(weights, x))).isLessThanOrEqualTo(1e-12);
        }
    }

    /** Every value of an exported graph has a name of its own, whatever the layers are called. */
    @ParameterizedTest
    @ValueSource(strings = {
        "dense 5 -> 4 name=input;\ndense 4 -> 3 relu name=input_value;\ndense 3 -> 2 name=output;\n",
        "dense 5 -> 4 name=output;\ndense 4 -> 3 relu name=output_value;\ndense 3 -> 2 name=output_value2;\n",
        "input 5;\nrelu;\nsoftmax;\n"})
    void layersNamedLikeTheGraphsValuesExportAModelThatRunsAndImportsBack(String layers) throws Exception {
        Architecture a = Nets.architecture("precision double;\n" + layers);
        Weights weights = Weights.random(a, 4);
        byte[] model = OnnxExporter.toBytes(a, weights);
        double[] x = Nets.inputs(3, 3 * 5, 5);
        double[] ort = Ort.run(model, "input", new long[] {3, 5}, x, true, "output");
        assertThat(Nets.error(ort, Nets.interpret(weights, x))).isLessThanOrEqualTo(1e-12);
        Weights imported = OnnxImporter.read(model, "exported.onnx", null).weights();
        assertThat(Nets.error(ort, Nets.interpret(imported, x))).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void aNetworkWithoutNodesExportsAModelThatCopiesItsInput() throws Exception {
        Architecture a = Nets.architecture("precision double;\ninput 5;\nlinear;\n");
        byte[] model = OnnxExporter.toBytes(a, Weights.random(a, 4));
        double[] x = Nets.inputs(3, 3 * 5, 5);
        assertThat(Ort.run(model, "input", new long[] {3, 5}, x, true, "output")).containsExactly(x);
    }

    /**
     * Dropout is the identity outside training, so it exports as nothing: the model with dropouts
     * first, between and after its layers has the nodes of the model without them, and ONNX Runtime
     * computes what netc computes. Dropouts alone export a model that copies its input.
     */
    @ParameterizedTest
    @ValueSource(strings = {"float", "double"})
    void dropoutLayersExportAsNothingAndTheModelStillRuns(String precision) throws Exception {
        String layers = "dense 6 -> 9 relu init=normal(1.0) bias_init=normal(0.5) name=hidden;\n"
                + "DROPOUT dense 9 -> 4 init=normal(0.8) name=head l2=0.01;\n"
                + "softmax;\n";
        Architecture a = Nets.architecture("precision " + precision + ";\ninput 6;\ndropout 0.2;\n"
                + layers.replace("DROPOUT", "dropout 0.5 name=drop;\n") + "dropout 0.1;\n");
        Architecture without = Nets.architecture("precision " + precision + ";\n" + layers.replace("DROPOUT", ""));
        Weights weights = Weights.random(a, 5);
        byte[] model = OnnxExporter.toBytes(a, weights);

        assertThat(ModelProto.parseFrom(model).getGraph().getNodeList())
                .isEqualTo(ModelProto.parseFrom(OnnxExporter.toBytes(without, Weights.random(without, 5))).getGraph()
                        .getNodeList());
        boolean doubles = precision.equals("double");
        double[] x = Nets.inputs(7, 7 * 6, 3);
        double[] ort = Ort.run(model, "input", new long[] {7, 6}, x, doubles, "output");
        assertThat(Nets.error(ort, Nets.interpret(weights, x)))
                .isLessThanOrEqualTo(Nets.tolerance(doubles ? Precision.DOUBLE : Precision.FLOAT));

        Architecture alone = Nets.architecture("precision double;\ninput 5;\ndropout 0.5;\n");
        double[] y = Nets.inputs(3, 3 * 5, 5);
        assertThat(Ort.run(OnnxExporter.toBytes(alone, Weights.random(alone, 4)), "input", new long[] {3, 5}, y, true,
                "output")).containsExactly(y);
    }

    @Test
    void writesAFile(@TempDir Path dir) throws Exception {
        Weights weights = network("sigmoid", Precision.FLOAT, 2);
        Path file = dir.resolve("sub/probe.onnx");
        OnnxExporter.write(weights.architecture(), weights, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(OnnxExporter.toBytes(weights.architecture(), weights));
    }

    @Test
    void weightsOfAnotherNetworkAreRejected() {
        Weights weights = network("relu", Precision.FLOAT, 1);
        Architecture other = network("tanh", Precision.FLOAT, 1).architecture();
        assertThatThrownBy(() -> OnnxExporter.toBytes(other, weights)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void networksBeyondTheTwoGibibytesOfOneProtobufMessageAreRefusedUpFront() {
        assertThat(OnnxExporter.sizeProblem(Nets.architecture("dense 24000 -> 24000;"))).hasValueSatisfying(
                problem -> assertThat(problem).isEqualTo("its weights take 2304096000 bytes, but an ONNX file holds"
                        + " at most 2 GiB (one protobuf message); netc does not write external data files"));
        assertThat(OnnxExporter.sizeProblem(Nets.architecture("dense 20000 -> 20000;"))).isEmpty();
        assertThat(OnnxExporter.sizeProblem(Nets.architecture("precision double; dense 20000 -> 20000;"))).isPresent();
    }
}
